package io.runfleet.scheduler.persistence;

/** A study is ACTIVE until all its runs are terminal (COMPLETED) or it is cancelled (CANCELLED). */
public enum StudyState {
    ACTIVE,
    COMPLETED,
    CANCELLED
}
