package io.runfleet.wire.template;

import java.util.Set;

/** Placeholders that every run can use besides its parameters. Parameter names never contain a dot. */
public final class BuiltinNames {

    public static final String RUN_ID = "run.id";
    public static final String RUN_SEQ = "run.seq";
    public static final String RUN_ATTEMPT = "run.attempt";
    public static final String STUDY_ID = "study.id";
    /** The run's work directory, absolute. */
    public static final String RUN_DIR = "run.dir";

    public static final Set<String> ALL = Set.of(RUN_ID, RUN_SEQ, RUN_ATTEMPT, STUDY_ID, RUN_DIR);

    private BuiltinNames() {
    }
}
