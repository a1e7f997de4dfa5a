package io.runfleet.scheduler.sampling;

import org.hipparchus.random.HaltonSequenceGenerator;

/**
 * The Halton sequence of Hipparchus' {@link HaltonSequenceGenerator}, unscrambled: dimension k is the van der Corput
 * sequence in the k-th prime base (2, 3, 5, ...), from index 0, whose point is the origin (kept). Without a seed the
 * points are the published ones. With a seed, each dimension is shifted by a uniform number drawn in dimension order
 * from {@link SplitMix64} seeded with the seed, modulo 1 (a Cranley-Patterson rotation).
 */
public final class HaltonSampler extends BudgetedSampler {

    private final HaltonSequenceGenerator sequence;
    private final double[] shifts;

    /**
     * @param seed null for the published sequence, else the seed of the rotation
     */
    public HaltonSampler(int dimensions, long budget, int batch, Long seed) {
        super(dimensions, budget, batch);
        // Weights null: no scrambling, so the coordinates are exactly the van der Corput sequences.
        this.sequence = new HaltonSequenceGenerator(dimensions, primes(dimensions), null);
        this.shifts = new double[dimensions];
        if (seed != null) {
            SplitMix64 stream = new SplitMix64(seed);
            for (int d = 0; d < dimensions; d++) {
                shifts[d] = stream.nextOpenUnit();
            }
        }
    }

    @Override
    double[][] propose(int size) {
        double[][] points = new double[size][];
        for (int i = 0; i < size; i++) {
            double[] point = sequence.nextVector();
            for (int d = 0; d < point.length; d++) {
                double shifted = point[d] + shifts[d];
                point[d] = shifted >= 1.0 ? shifted - 1.0 : shifted;
            }
            points[i] = point;
        }
        return points;
    }

    /** The first {@code count} primes. */
    static int[] primes(int count) {
        int[] primes = new int[count];
        int found = 0;
        for (int candidate = 2; found < count; candidate++) {
            boolean prime = true;
            for (int i = 0; i < found && primes[i] * primes[i] <= candidate; i++) {
                if (candidate % primes[i] == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                primes[found++] = candidate;
            }
        }
        return primes;
    }
}
