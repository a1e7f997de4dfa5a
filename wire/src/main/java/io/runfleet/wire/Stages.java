package io.runfleet.wire;

/**
 * Names shared by the services about a study's stages (docs/study-format.md, "Stages"). Stage 0 is the study's
 * own parameters and template; it has no name in the document, so it travels under {@link #FIRST}.
 */
public final class Stages {

    /** The name of stage 0 on the wire, in the scheduler's runs and in the results table's {@code _stage}. */
    public static final String FIRST = "main";

    private Stages() {
    }

    /** {@code stage}, or {@link #FIRST} when a writer left it out. */
    public static String orFirst(String stage) {
        return stage == null || stage.isBlank() ? FIRST : stage;
    }
}
