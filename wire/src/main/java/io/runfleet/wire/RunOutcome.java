package io.runfleet.wire;

/** How an attempt ended, as its agent saw it. */
public enum RunOutcome {
    /** The command exited 0 and every output was parsed. */
    SUCCEEDED,
    /** Non-zero exit, a missing or unparsable output, or a failure to start the command. */
    FAILED,
    /** Killed, with its whole process tree, after the study's timeout. */
    TIMED_OUT,
    /** Stopped on the agent because the run or its study was cancelled. */
    CANCELLED
}
