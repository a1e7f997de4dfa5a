package io.runfleet.scheduler.sampling.adaptive;

import io.runfleet.scheduler.sampling.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Fits a Gaussian process' hyperparameters by maximising the log marginal likelihood with BOBYQA (bounded,
 * derivative-free) in log space. From scratch: a default start and {@link #RESTARTS} seeded random starts, the best
 * wins. Warm: one short local search from the previous hyperparameters, until the data has doubled since the last
 * fit from scratch. Between fits the previous hyperparameters are used unchanged until the data has grown by a tenth
 * ({@link #refitInterval}): one more result barely moves the likelihood's optimum, and skipping the search leaves only
 * the conditioning, a single factorisation, in the time from a result to the next point.
 */
final class HyperparameterFit {

    /** Random starts besides the default one: enough to leave a poor local optimum on small designs. */
    static final int RESTARTS = 3;
    /**
     * Above this many observations the hyperparameters are fitted on an evenly spread subset (every k-th point) and
     * only the final conditioning uses all: each likelihood costs O(n^3), and a few hundred points pin the length
     * scales down as well as all of them.
     */
    static final int MAX_FIT_POINTS = 150;
    private static final int COLD_EVALUATIONS = 300;
    private static final int WARM_EVALUATIONS = 60;
    /** The data grows by at least 1/REFIT_FRACTION of the last fit's size before the next search. */
    private static final int REFIT_FRACTION = 10;

    // Bounds, unit-cube inputs and standardised outputs: length scales from 1/100 to 10 times the cube's side (longer
    // means "constant along this variable"), signal variance 0.05 to 20, noise variance 1e-6 (noise-free simulators;
    // lower only buys ill-conditioning) to 1 (all of the variance is noise).
    private static final double MIN_LOG_LENGTH = Math.log(0.01);
    private static final double MAX_LOG_LENGTH = Math.log(10);
    private static final double MIN_LOG_SIGNAL = Math.log(0.05);
    private static final double MAX_LOG_SIGNAL = Math.log(20);
    private static final double MIN_LOG_NOISE = Math.log(1e-6);
    private static final double MAX_LOG_NOISE = Math.log(1);
    private static final double DEFAULT_LOG_LENGTH = Math.log(0.3);
    private static final double DEFAULT_LOG_NOISE = Math.log(1e-4);

    private final Kernel kernel;

    HyperparameterFit(Kernel kernel) {
        this.kernel = kernel;
    }

    /**
     * @param warmStart the previous fit's result; returned as it is while this data has grown by less than
     *     {@link #refitInterval} since its fit; used as the start of one local search while this data is under twice
     *     the size of its last fit from scratch; ignored otherwise
     */
    Hyperparameters fit(double[][] points, double[] values, Optional<Hyperparameters> warmStart, long seed) {
        int dimensions = points[0].length;
        Optional<Hyperparameters> current = warmStart.filter(h -> h.dimensions() == dimensions
                && points.length >= h.fitSize() && points.length < h.fitSize() + refitInterval(h.fitSize()));
        if (current.isPresent()) {
            return current.get();
        }
        double[][] fitPoints = spreadSubset(points);
        double[] fitValues = spreadSubset(values);
        Optional<Hyperparameters> warm = warmStart.filter(h -> h.dimensions() == dimensions
                && points.length < 2 * h.coldFitSize());
        List<double[]> starts = new ArrayList<>();
        int coldFitSize;
        if (warm.isPresent()) {
            starts.add(clamp(warm.get().toVector(), dimensions));
            coldFitSize = warm.get().coldFitSize();
        } else {
            starts.add(defaultStart(dimensions));
            SplitMix64 random = new SplitMix64(seed);
            for (int r = 0; r < RESTARTS; r++) {
                starts.add(randomStart(dimensions, random));
            }
            coldFitSize = points.length;
        }
        double[] best = null;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double[] start : starts) {
            double[] candidate = localSearch(fitPoints, fitValues, start, warm.isPresent());
            double likelihood = likelihood(fitPoints, fitValues, candidate);
            if (best == null || likelihood > bestLikelihood) {
                best = candidate;
                bestLikelihood = likelihood;
            }
        }
        return Hyperparameters.fromVector(best, coldFitSize, points.length);
    }

    /** How many more observations than the last fit saw call for a new search: every one while the data is small. */
    static int refitInterval(int fitSize) {
        return Math.max(1, fitSize / REFIT_FRACTION);
    }

    private double[] localSearch(double[][] points, double[] values, double[] start, boolean warm) {
        int size = start.length;
        double[][] bounds = bounds(size - 2);
        // Remembers the best point seen: BOBYQA's budget may run out, and then it throws instead of returning.
        double[] best = start.clone();
        double[] bestValue = {likelihood(points, values, start)};
        ObjectiveFunction objective = new ObjectiveFunction(vector -> {
            double value = likelihood(points, values, vector);
            if (value > bestValue[0]) {
                bestValue[0] = value;
                System.arraycopy(vector, 0, best, 0, size);
            }
            return value;
        });
        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * size + 1, warm ? 0.3 : 1.0, 1e-3);
        try {
            optimizer.optimize(new MaxEval(warm ? WARM_EVALUATIONS : COLD_EVALUATIONS), objective, GoalType.MAXIMIZE,
                    new InitialGuess(start), new SimpleBounds(bounds[0], bounds[1]));
        } catch (MathIllegalStateException budgetSpent) {
            // keep the best seen
        }
        return best;
    }

    /** The log marginal likelihood, or a very low finite value where the covariance cannot be factorised. */
    private double likelihood(double[][] points, double[] values, double[] vector) {
        return GaussianProcess.condition(kernel, Hyperparameters.fromVector(vector, 0, 0), points, values)
                .map(GaussianProcess::logMarginalLikelihood)
                .filter(Double::isFinite)
                .orElse(-1e10);
    }

    private static double[] defaultStart(int dimensions) {
        double[] start = new double[dimensions + 2];
        Arrays.fill(start, 0, dimensions, DEFAULT_LOG_LENGTH);
        start[dimensions] = 0;
        start[dimensions + 1] = DEFAULT_LOG_NOISE;
        return start;
    }

    private static double[] randomStart(int dimensions, SplitMix64 random) {
        double[][] bounds = bounds(dimensions);
        double[] start = new double[dimensions + 2];
        for (int i = 0; i < start.length; i++) {
            start[i] = bounds[0][i] + random.nextOpenUnit() * (bounds[1][i] - bounds[0][i]);
        }
        return start;
    }

    private static double[] clamp(double[] vector, int dimensions) {
        double[][] bounds = bounds(dimensions);
        double[] clamped = vector.clone();
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = Math.min(bounds[1][i], Math.max(bounds[0][i], clamped[i]));
        }
        return clamped;
    }

    private static double[][] bounds(int dimensions) {
        double[] lower = new double[dimensions + 2];
        double[] upper = new double[dimensions + 2];
        Arrays.fill(lower, 0, dimensions, MIN_LOG_LENGTH);
        Arrays.fill(upper, 0, dimensions, MAX_LOG_LENGTH);
        lower[dimensions] = MIN_LOG_SIGNAL;
        upper[dimensions] = MAX_LOG_SIGNAL;
        lower[dimensions + 1] = MIN_LOG_NOISE;
        upper[dimensions + 1] = MAX_LOG_NOISE;
        return new double[][] {lower, upper};
    }

    private static double[][] spreadSubset(double[][] points) {
        int stride = stride(points.length);
        return stride == 1 ? points : java.util.stream.IntStream.range(0, points.length / stride)
                .mapToObj(i -> points[i * stride]).toArray(double[][]::new);
    }

    private static double[] spreadSubset(double[] values) {
        int stride = stride(values.length);
        return stride == 1 ? values : java.util.stream.IntStream.range(0, values.length / stride)
                .mapToDouble(i -> values[i * stride]).toArray();
    }

    private static int stride(int n) {
        return (n + MAX_FIT_POINTS - 1) / MAX_FIT_POINTS;
    }
}
