package io.runfleet.results.export;

import java.util.List;

/**
 * The bookkeeping columns of the results table, named as psweep users know them. They follow the
 * parameter and output columns; names starting with an underscore are reserved for them.
 */
public final class ResultColumns {

    public static final String STUDY_ID = "_study_id";
    public static final String RUN_ID = "_run_id";
    public static final String SEQ = "_seq";
    /** The name of the run's stage: {@code main} for stage 0, else the name the study gives it. */
    public static final String STAGE = "_stage";
    /** The run of the stage before whose result made this run; empty in stage 0. */
    public static final String PARENT_RUN_ID = "_parent_run_id";
    /** The id an ask/tell client gave the run's point in a sampler loop; empty outside one and for built-in points. */
    public static final String CLIENT_POINT_ID = "_client_point_id";
    /** The sampler round that proposed the run's point (0: the initial design); empty outside a sampler loop. */
    public static final String SAMPLER_ROUND = "_sampler_round";
    public static final String PARAM_HASH = "_param_hash";
    public static final String ATTEMPT = "_attempt";
    public static final String STATE = "_state";
    public static final String EXIT_CODE = "_exit_code";
    public static final String AGENT = "_agent";
    public static final String HOST = "_host";
    public static final String START = "_start";
    public static final String END = "_end";
    public static final String RUNTIME_S = "_runtime_s";
    public static final String ERROR = "_error";
    /** The last lines of stderr of a run that did not succeed; empty for successful runs. */
    public static final String STDERR = "_stderr";
    /** The run directory on {@code _host} holding the attempt's kept files; empty when it kept none. */
    public static final String RUN_DIR = "_run_dir";
    /** The kept files by reference: a JSON array of {@code {path, size, sha256}}; empty when none were kept. */
    public static final String FILES = "_files";
    /** How each step ended: a JSON array of {@code {name, outcome, exitCode, durationMillis}}; empty for the short form. */
    public static final String STEPS = "_steps";

    public static final List<String> BOOKKEEPING = List.of(STUDY_ID, RUN_ID, SEQ, STAGE, PARENT_RUN_ID,
            CLIENT_POINT_ID, SAMPLER_ROUND, PARAM_HASH,
            ATTEMPT, STATE, EXIT_CODE, AGENT, HOST, START, END, RUNTIME_S, ERROR, STDERR, RUN_DIR, FILES, STEPS);

    /** Prefix of an output column whose name is already taken by a parameter. */
    public static final String CLASHING_OUTPUT_PREFIX = "out_";

    private ResultColumns() {
    }
}
