package io.runfleet.scheduler.sampling.adaptive;

import java.util.Arrays;
import java.util.Optional;

/**
 * A Gaussian process regression on unit-cube inputs, conditioned on observations with given hyperparameters: constant
 * mean (the mean of y, after standardising y to mean 0 and variance 1), an ARD kernel and Gaussian noise. Immutable;
 * {@link #withBelief} gives a copy with one more (fantasised) observation.
 */
final class GaussianProcess {

    /**
     * Added to the diagonal relative to the signal variance, so that near-duplicate points keep the matrix positive
     * definite; raised tenfold (up to {@link #MAX_JITTER}) when a factorisation still fails.
     */
    private static final double MIN_JITTER = 1e-10;
    private static final double MAX_JITTER = 1e-4;

    private final Kernel kernel;
    private final Hyperparameters hyperparameters;
    private final double[] inverseLengthScales;
    private final double[][] points;
    private final double[] standardised;
    private final int observedCount;
    private final double offset;
    private final double scale;
    private final double jitter;
    private final Cholesky cholesky;
    private final double[] alpha;

    private GaussianProcess(Kernel kernel, Hyperparameters hyperparameters, double[][] points, double[] standardised,
            int observedCount, double offset, double scale, double jitter, Cholesky cholesky) {
        this.kernel = kernel;
        this.hyperparameters = hyperparameters;
        this.inverseLengthScales = new double[hyperparameters.dimensions()];
        for (int d = 0; d < inverseLengthScales.length; d++) {
            inverseLengthScales[d] = 1 / hyperparameters.lengthScale(d);
        }
        this.points = points;
        this.standardised = standardised;
        this.observedCount = observedCount;
        this.offset = offset;
        this.scale = scale;
        this.jitter = jitter;
        this.cholesky = cholesky;
        this.alpha = cholesky.solveUpper(cholesky.solveLower(standardised));
    }

    /**
     * Conditions the process on points (unit cube) and values; empty when the covariance cannot be factorised even
     * with the largest jitter.
     */
    static Optional<GaussianProcess> condition(Kernel kernel, Hyperparameters hyperparameters, double[][] points,
            double[] values) {
        if (points.length == 0 || points.length != values.length) {
            throw new IllegalArgumentException("need as many values as points, and at least one");
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
        double scale = variance > 0 ? Math.sqrt(variance) : 1;
        double[] standardised = Arrays.stream(values).map(v -> (v - mean) / scale).toArray();
        double[][] copies = Arrays.stream(points).map(double[]::clone).toArray(double[][]::new);
        for (double jitter = MIN_JITTER; jitter <= MAX_JITTER; jitter *= 10) {
            Optional<Cholesky> factor = Cholesky.factor(covariance(kernel, hyperparameters, copies, jitter),
                    copies.length);
            if (factor.isPresent()) {
                return Optional.of(new GaussianProcess(kernel, hyperparameters, copies, standardised, copies.length,
                        mean, scale, jitter, factor.get()));
            }
        }
        return Optional.empty();
    }

    private static double[] covariance(Kernel kernel, Hyperparameters h, double[][] points, double jitter) {
        int n = points.length;
        double[] inverse = new double[h.dimensions()];
        for (int d = 0; d < inverse.length; d++) {
            inverse[d] = 1 / h.lengthScale(d);
        }
        double signal = h.signalVariance();
        double[] matrix = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                matrix[i * n + j] = signal * kernel.correlation(squaredDistance(points[i], points[j], inverse));
            }
            matrix[i * n + i] = signal * (1 + jitter) + h.noiseVariance();
        }
        return matrix;
    }

    private static double squaredDistance(double[] a, double[] b, double[] inverseLengthScales) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double t = (a[d] - b[d]) * inverseLengthScales[d];
            sum += t * t;
        }
        return sum;
    }

    Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** ln p(y | X, hyperparameters) of the standardised values, including any fantasised ones. */
    double logMarginalLikelihood() {
        double fit = 0;
        for (int i = 0; i < standardised.length; i++) {
            fit += standardised[i] * alpha[i];
        }
        return -0.5 * fit - 0.5 * cholesky.logDeterminant() - 0.5 * standardised.length * Math.log(2 * Math.PI);
    }

    /** The posterior at a unit-cube point, in standardised units (what acquisitions score). */
    Prediction predictStandardised(double[] point) {
        double[] k = crossCovariance(point);
        double mean = 0;
        for (int i = 0; i < k.length; i++) {
            mean += k[i] * alpha[i];
        }
        double[] v = cholesky.solveLower(k);
        double explained = 0;
        for (double value : v) {
            explained += value * value;
        }
        return new Prediction(mean, Math.max(hyperparameters.signalVariance() - explained, 0));
    }

    /** The posterior at a unit-cube point, in the units of the values. */
    Prediction predict(double[] point) {
        Prediction standard = predictStandardised(point);
        return new Prediction(offset + scale * standard.mean(), scale * scale * standard.variance());
    }

    /** The lowest standardised value actually observed (fantasised values excluded). */
    double bestStandardised() {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < observedCount; i++) {
            best = Math.min(best, standardised[i]);
        }
        return best;
    }

    /**
     * A copy that also "observed" its own posterior mean at {@code point} (kriging believer): the mean is unchanged,
     * the variance near the point collapses, so the next choice goes elsewhere. O(n^2) by extending the factor.
     */
    GaussianProcess withBelief(double[] point) {
        double mean = predictStandardised(point).mean();
        double[] k = crossCovariance(point);
        double diagonal = hyperparameters.signalVariance() * (1 + jitter) + hyperparameters.noiseVariance();
        double[][] grownPoints = Arrays.copyOf(points, points.length + 1);
        grownPoints[points.length] = point.clone();
        double[] grownValues = Arrays.copyOf(standardised, standardised.length + 1);
        grownValues[standardised.length] = mean;
        Cholesky grown = cholesky.extend(k, diagonal).orElseGet(() -> Cholesky.factor(
                covariance(kernel, hyperparameters, grownPoints, MAX_JITTER), grownPoints.length).orElseThrow(() ->
                        new IllegalStateException("the covariance with a pending point is not positive definite")));
        return new GaussianProcess(kernel, hyperparameters, grownPoints, grownValues, observedCount, offset, scale,
                jitter, grown);
    }

    private double[] crossCovariance(double[] point) {
        double signal = hyperparameters.signalVariance();
        double[] k = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            k[i] = signal * kernel.correlation(squaredDistance(point, points[i], inverseLengthScales));
        }
        return k;
    }
}
