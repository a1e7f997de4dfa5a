package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;

/**
 * The reasons a cancel gives. Agents store them as the error of the attempt they stopped, so the results table
 * tells a stopped run from a failed one and says who stopped it.
 */
public final class CancelReasons {

    /** The whole study was cancelled. */
    public static final String STUDY = "study cancelled";

    /** This run alone was cancelled; the rest of its study goes on. */
    public static final String RUN = "run cancelled";

    /**
     * The attempt is no longer the run's current one: the run went back to PENDING for a new attempt while a copy of
     * this one may still reach or run on an agent. Its result would only go to the history.
     */
    public static final String SUPERSEDED = "superseded by a later attempt";

    private CancelReasons() {
    }

    /** The scheduler failed the whole study (its stored rows cannot be read); the reason says why. */
    public static String studyFailed(String reason) {
        return "study failed: " + reason;
    }

    /**
     * Why a run already CANCELLED was cancelled, for a repeated cancel. A single-run cancel keeps its reason in the
     * run's error; a study cancel moves the runs set-wise and leaves the error empty.
     */
    public static String of(RunRow cancelled) {
        return cancelled.error() == null ? STUDY : cancelled.error();
    }
}
