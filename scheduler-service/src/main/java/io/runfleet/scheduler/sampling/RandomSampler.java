package io.runfleet.scheduler.sampling;

/**
 * Independent uniform points: for each point, one draw per dimension in order from {@link SplitMix64} seeded with the
 * seed. Coordinates lie strictly inside (0, 1).
 */
public final class RandomSampler extends BudgetedSampler {

    private final SplitMix64 stream;

    public RandomSampler(int dimensions, long budget, int batch, long seed) {
        super(dimensions, budget, batch);
        this.stream = new SplitMix64(seed);
    }

    @Override
    double[][] propose(int size) {
        double[][] points = new double[size][dimensions()];
        for (double[] point : points) {
            for (int d = 0; d < point.length; d++) {
                point[d] = stream.nextOpenUnit();
            }
        }
        return points;
    }
}
