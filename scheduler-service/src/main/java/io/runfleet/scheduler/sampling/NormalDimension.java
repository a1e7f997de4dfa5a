package io.runfleet.scheduler.sampling;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * A normally distributed decimal: the inverse normal CDF (Hipparchus' {@link NormalDistribution}) of u. Needs u
 * strictly inside (0, 1), since the inverse CDF of 0 and 1 is infinite.
 */
public record NormalDimension(double mean, double standardDeviation) implements Dimension {

    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    public NormalDimension {
        if (!(standardDeviation > 0) || !Double.isFinite(mean) || !Double.isFinite(standardDeviation)) {
            throw new IllegalArgumentException("normal [" + mean + ", " + standardDeviation
                    + "] needs a finite mean and a standard deviation > 0");
        }
    }

    @Override
    public Object value(double u) {
        return mean + standardDeviation * STANDARD.inverseCumulativeProbability(u);
    }

    @Override
    public boolean needsOpenUnitInterval() {
        return true;
    }
}
