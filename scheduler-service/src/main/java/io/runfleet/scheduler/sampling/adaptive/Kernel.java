package io.runfleet.scheduler.sampling.adaptive;

/**
 * The Gaussian process' covariance as a function of the squared scaled distance r^2 = sum_d ((x_d - x'_d) / l_d)^2,
 * for unit signal variance.
 */
public enum Kernel {
    /** exp(-r^2 / 2): infinitely smooth; good for smooth simulators, overconfident for rough ones. */
    RBF,
    /** (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r): twice differentiable, the usual default in Bayesian optimisation. */
    MATERN52;

    private static final double SQRT5 = Math.sqrt(5);

    double correlation(double squaredDistance) {
        return switch (this) {
            case RBF -> Math.exp(-0.5 * squaredDistance);
            case MATERN52 -> {
                double r = SQRT5 * Math.sqrt(squaredDistance);
                yield (1 + r + r * r / 3) * Math.exp(-r);
            }
        };
    }
}
