package io.runfleet.scheduler.persistence;

/**
 * A sampler loop's state. Only {@link #OPEN} makes runs; a sampler study completes once its sampler is no longer
 * open and its runs have ended.
 */
public enum SamplerState {
    /** The sampler may make runs; the study does not complete, even with no run left. */
    OPEN,
    /** Its client closed it (POST /studies/{id}/sampler/close). */
    CLOSED,
    /** A budget or stop rule ended it; the reason is kept. */
    STOPPED
}
