package io.runfleet.scheduler.sampling;

/**
 * Latin hypercube sampling: each batch of n points is its own Latin hypercube, so every dimension's n equal strata
 * [k/n, (k+1)/n) hold exactly one point of the batch. Draws from {@link SplitMix64} seeded with the seed, per batch:
 * first one permutation of the strata per dimension (Fisher-Yates, from the last position down, in dimension order),
 * then for each point and each dimension in order a jitter inside the stratum. Coordinates lie strictly inside (0, 1).
 */
public final class LatinHypercubeSampler extends BudgetedSampler {

    private final SplitMix64 stream;

    public LatinHypercubeSampler(int dimensions, long budget, int batch, long seed) {
        super(dimensions, budget, batch);
        this.stream = new SplitMix64(seed);
    }

    @Override
    double[][] propose(int size) {
        int[][] strata = new int[dimensions()][];
        for (int d = 0; d < strata.length; d++) {
            strata[d] = permutation(size);
        }
        double[][] points = new double[size][dimensions()];
        for (int i = 0; i < size; i++) {
            for (int d = 0; d < strata.length; d++) {
                points[i][d] = inStratum(strata[d][i], stream.nextOpenUnit(), size);
            }
        }
        return points;
    }

    private int[] permutation(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = stream.nextIndex(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /**
     * (stratum + jitter) / n, moved by an ulp where rounding pushed it across the stratum's edge, so that
     * {@code floor(u * n) == stratum} holds exactly.
     */
    static double inStratum(int stratum, double jitter, int n) {
        double u = (stratum + jitter) / n;
        while (u * n >= stratum + 1 || u >= 1.0) {
            u = Math.nextDown(u);
        }
        while (u * n < stratum || u <= 0.0) {
            u = Math.nextUp(u);
        }
        return u;
    }
}
