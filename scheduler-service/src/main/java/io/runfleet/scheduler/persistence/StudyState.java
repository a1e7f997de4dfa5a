package io.runfleet.scheduler.persistence;

/**
 * A study is ACTIVE until all its runs are terminal (COMPLETED) or it is cancelled (CANCELLED). A dry run
 * (DRY_RUN) is stored and expanded like any study but never dispatched until it is started (then ACTIVE).
 * Extending, repeating or resuming a COMPLETED (or, for a resume, CANCELLED) study makes it ACTIVE again.
 */
public enum StudyState {
    ACTIVE,
    COMPLETED,
    CANCELLED,
    DRY_RUN
}
