package io.runfleet.scheduler.sampling.adaptive;

import org.hipparchus.special.Erf;

/**
 * How the sampler scores a candidate from the model's prediction there. Scores are computed on the standardised,
 * minimised objective; larger is better.
 */
public enum Acquisition {
    /** Expected improvement below the best value observed. */
    EI,
    /** Lower confidence bound mean - 2 sd, negated: optimistic about uncertain regions. */
    LCB,
    /** Posterior variance: pure exploration, where the model knows least. */
    VARIANCE;

    /** The confidence bound's width in standard deviations: the common choice, about 95 % one-sided optimism. */
    static final double LCB_KAPPA = 2.0;
    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    /**
     * @param mean predicted mean (standardised)
     * @param variance predicted latent variance (standardised)
     * @param best the lowest standardised value observed
     */
    double score(double mean, double variance, double best) {
        double sd = Math.sqrt(Math.max(variance, 0));
        return switch (this) {
            case EI -> expectedImprovement(best - mean, sd);
            case LCB -> -(mean - LCB_KAPPA * sd);
            case VARIANCE -> variance;
        };
    }

    private static double expectedImprovement(double improvement, double sd) {
        if (sd < 1e-12) {
            return Math.max(improvement, 0);
        }
        double z = improvement / sd;
        double cdf = 0.5 * Erf.erfc(-z / SQRT2);
        double pdf = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
        return improvement * cdf + sd * pdf;
    }
}
