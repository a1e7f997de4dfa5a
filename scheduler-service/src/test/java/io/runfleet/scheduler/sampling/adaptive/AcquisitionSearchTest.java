package io.runfleet.scheduler.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.sampling.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** One-dimensional cases where the right choice is obvious. */
class AcquisitionSearchTest {

    private static double[] choose(Acquisition acquisition, double[] xs, java.util.function.DoubleUnaryOperator f) {
        double[][] points = DoubleStream.of(xs).mapToObj(x -> new double[] {x}).toArray(double[][]::new);
        double[] values = DoubleStream.of(xs).map(f).toArray();
        Hyperparameters h = new HyperparameterFit(Kernel.MATERN52).fit(points, values, Optional.empty(), 5);
        GaussianProcess model = GaussianProcess.condition(Kernel.MATERN52, h, points, values).orElseThrow();
        List<double[]> taken = new ArrayList<>(Arrays.asList(points));
        List<double[]> bestFirst = Arrays.stream(points)
                .sorted(java.util.Comparator.comparingDouble(p -> f.applyAsDouble(p[0]))).toList();
        return new AcquisitionSearch(acquisition, taken, List.of(), 0).maximise(model, bestFirst, new SplitMix64(9))
                .orElseThrow();
    }

    @Test
    void expectedImprovementAndTheLowerBoundGoToTheValleyBetweenTheTwoBestPoints() {
        double[] xs = {0, 0.2, 0.4, 0.6, 0.8, 1};
        for (Acquisition acquisition : List.of(Acquisition.EI, Acquisition.LCB)) {
            double x = choose(acquisition, xs, v -> (v - 0.5) * (v - 0.5))[0];
            assertThat(x).as(acquisition.name()).isBetween(0.42, 0.58);
        }
    }

    @Test
    void varianceGoesWhereNothingIsKnown() {
        double x = choose(Acquisition.VARIANCE, new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5}, v -> Math.sin(5 * v))[0];
        assertThat(x).isGreaterThan(0.9);
    }
}
