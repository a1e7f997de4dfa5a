package io.runfleet.scheduler.sampling;

/** What every sampler shares: the dimension count, the budget left and the batch size. */
abstract class BudgetedSampler implements Sampler {

    private final int dimensions;
    private final int batch;
    private long remaining;

    /**
     * @throws IllegalArgumentException when a count is out of range (the study validator reports these first)
     */
    BudgetedSampler(int dimensions, long budget, int batch) {
        if (dimensions < 1 || budget < 1 || batch < 1) {
            throw new IllegalArgumentException("a sampler needs at least one dimension, a budget >= 1 and a batch "
                    + ">= 1; got " + dimensions + ", " + budget + ", " + batch);
        }
        this.dimensions = dimensions;
        this.remaining = budget;
        this.batch = batch;
    }

    @Override
    public final int dimensions() {
        return dimensions;
    }

    @Override
    public final long remaining() {
        return remaining;
    }

    @Override
    public final double[][] nextBatch() {
        int size = (int) Math.min(batch, remaining);
        remaining -= size;
        return size == 0 ? new double[0][] : propose(size);
    }

    /** The next {@code size} points (size >= 1). */
    abstract double[][] propose(int size);
}
