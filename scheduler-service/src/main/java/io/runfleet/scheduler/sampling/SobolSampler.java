package io.runfleet.scheduler.sampling;

import org.hipparchus.random.SobolSequenceGenerator;

/**
 * The Sobol sequence of Hipparchus' {@link SobolSequenceGenerator} (Joe and Kuo's direction numbers
 * new-joe-kuo-6.21201, Gray-code order, 52 bits), from index 0: the first point is the origin, kept, as in the
 * published sequence (1-D: 0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, ...). Without a seed the points are the
 * published ones. With a seed, each dimension is XORed with 52 random bits drawn in dimension order from
 * {@link SplitMix64} seeded with the seed (a random digital shift: it keeps the sequence's net structure).
 */
public final class SobolSampler extends BudgetedSampler {

    /** Hipparchus' direction-number file covers this many dimensions. */
    public static final int MAX_DIMENSIONS = 21201;
    private static final double SCALE = 0x1.0p52;

    private final SobolSequenceGenerator sequence;
    private final long[] shifts;

    /**
     * @param seed null for the published sequence, else the seed of the digital shift
     */
    public SobolSampler(int dimensions, long budget, int batch, Long seed) {
        super(dimensions, budget, batch);
        this.sequence = new SobolSequenceGenerator(dimensions);
        this.shifts = new long[dimensions];
        if (seed != null) {
            SplitMix64 stream = new SplitMix64(seed);
            for (int d = 0; d < dimensions; d++) {
                shifts[d] = stream.nextLong() >>> 12;
            }
        }
    }

    @Override
    double[][] propose(int size) {
        double[][] points = new double[size][];
        for (int i = 0; i < size; i++) {
            double[] point = sequence.nextVector();
            for (int d = 0; d < point.length; d++) {
                // Hipparchus' coordinates are 52-bit integers over 2^52, so this round trip is exact.
                point[d] = (((long) (point[d] * SCALE)) ^ shifts[d]) / SCALE;
            }
            points[i] = point;
        }
        return points;
    }
}
