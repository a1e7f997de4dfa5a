package io.runfleet.scheduler.persistence;

/**
 * A study is ACTIVE until all its runs are terminal (COMPLETED) or it is cancelled (CANCELLED). A dry run
 * (DRY_RUN) is stored and expanded like any study but never dispatched until it is started (then ACTIVE).
 * Extending, repeating or resuming a COMPLETED (or, for a resume, CANCELLED or FAILED) study makes it ACTIVE again.
 * FAILED: the scheduler could not go on with the study (its stored spec, policy or stages cannot be read; the
 * study's {@code error} says why); its unfinished runs were cancelled, and the other studies went on.
 */
public enum StudyState {
    ACTIVE,
    COMPLETED,
    CANCELLED,
    DRY_RUN,
    FAILED
}
