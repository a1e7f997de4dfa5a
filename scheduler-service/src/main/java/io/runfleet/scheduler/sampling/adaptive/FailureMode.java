package io.runfleet.scheduler.sampling.adaptive;

/** What a failed run (no objective value) teaches the sampler. */
public enum FailureMode {
    /**
     * Not an observation; no point is proposed again within {@link AdaptiveProposer#FAILURE_RADIUS} (unit cube) of it,
     * for a region that crashes the simulation usually crashes it again.
     */
    EXCLUDE,
    /** Observed with the worst value seen so far, so that the model itself steers away from the region. */
    PENALIZE
}
