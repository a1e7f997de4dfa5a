package io.runfleet.scheduler.sampling;

/**
 * Proposes points of the unit hypercube [0, 1)^d in batches, within a budget. The same construction (method,
 * dimensions, budget, batch, seed) always proposes the same points; a sampler with a larger budget proposes the same
 * first full batches, so an adaptive study can later ask for more.
 */
public interface Sampler {

    /** Number of coordinates of each point. */
    int dimensions();

    /** Points not yet proposed. */
    long remaining();

    /**
     * The next batch: {@code min(batch, remaining())} points, each an array of {@link #dimensions()} coordinates in
     * [0, 1); empty once the budget is spent.
     */
    double[][] nextBatch();
}
