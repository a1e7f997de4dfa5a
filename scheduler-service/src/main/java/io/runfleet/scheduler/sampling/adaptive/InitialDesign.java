package io.runfleet.scheduler.sampling.adaptive;

import io.runfleet.scheduler.sampling.SamplingMethod;

/**
 * The space-filling points proposed before any model: the first {@code count} points of the seeded sampler. The same
 * seed drives the random starts of the model fit and of the acquisition search, so one seed makes a study's proposals
 * reproducible.
 */
public record InitialDesign(SamplingMethod method, int count, long seed) {

    public InitialDesign {
        if (method == null || count < 1) {
            throw new IllegalArgumentException("initialDesign needs a method and count >= 1, got " + method + ", "
                    + count);
        }
    }

    /** The first {@code size} points of the design's sequence (size may exceed count: the sequence continues). */
    double[][] points(int dimensions, int size) {
        // One batch of exactly `size`: for lhs the strata then depend on size, so the design proper is always drawn
        // with size == count and any continuation separately (see AdaptiveProposer).
        return method.create(dimensions, size, size, seed).nextBatch();
    }
}
