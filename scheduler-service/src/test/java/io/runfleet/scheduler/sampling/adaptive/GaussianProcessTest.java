package io.runfleet.scheduler.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runfleet.scheduler.sampling.SplitMix64;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    private static final double[][] POINTS = IntStream.range(0, 9).mapToObj(i -> new double[] {i / 8.0})
            .toArray(double[][]::new);

    private static GaussianProcess fitted(Kernel kernel, double[][] points, double[] values) {
        Hyperparameters h = new HyperparameterFit(kernel).fit(points, values, Optional.empty(), 7);
        return GaussianProcess.condition(kernel, h, points, values).orElseThrow();
    }

    private static double[] sine(double[][] points) {
        return java.util.Arrays.stream(points).mapToDouble(p -> Math.sin(6 * p[0]) + 3).toArray();
    }

    @Test
    void interpolatesNoiseFreeDataWithNoVarianceAtTheDataThatGrowsAwayFromIt() {
        for (Kernel kernel : Kernel.values()) {
            GaussianProcess model = fitted(kernel, POINTS, sine(POINTS));
            for (double[] point : POINTS) {
                Prediction prediction = model.predict(point);
                assertThat(prediction.mean()).as("%s mean at %s", kernel, point[0])
                        .isCloseTo(Math.sin(6 * point[0]) + 3, within(1e-3));
                assertThat(prediction.variance()).as("%s variance at %s", kernel, point[0]).isLessThan(1e-4);
            }
            double between = model.predict(new double[] {1 / 16.0}).variance();
            double outside = model.predict(new double[] {1.4}).variance();
            double far = model.predict(new double[] {3}).variance();
            assertThat(between).as("%s variance between data", kernel).isGreaterThan(1e-6);
            assertThat(outside).as("%s variance outside the data", kernel).isGreaterThan(10 * between);
            assertThat(far).as("%s variance far away", kernel).isGreaterThan(outside);
        }
    }

    @Test
    void fitsMoreNoiseToNoisyDataThanToCleanData() {
        double[][] points = IntStream.range(0, 30).mapToObj(i -> new double[] {i / 29.0}).toArray(double[][]::new);
        double[] clean = sine(points);
        SplitMix64 random = new SplitMix64(3);
        double[] noisy = clean.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += 0.3 * (random.nextOpenUnit() - 0.5);
        }
        Hyperparameters cleanFit = new HyperparameterFit(Kernel.MATERN52).fit(points, clean, Optional.empty(), 1);
        Hyperparameters noisyFit = new HyperparameterFit(Kernel.MATERN52).fit(points, noisy, Optional.empty(), 1);
        assertThat(noisyFit.noiseVariance()).isGreaterThan(100 * cleanFit.noiseVariance());
    }

    @Test
    void aPendingPointBelievedAtTheMeanKeepsTheMeanAndRemovesTheVarianceThere() {
        GaussianProcess model = fitted(Kernel.RBF, POINTS, sine(POINTS));
        double[] pending = {1.3};
        GaussianProcess believing = model.withBelief(pending);
        assertThat(believing.predict(pending).mean()).isCloseTo(model.predict(pending).mean(), within(1e-6));
        assertThat(believing.predict(pending).variance()).isLessThan(model.predict(pending).variance() / 100);
    }

    @Test
    void aWarmStartStaysNearTheColdFitAndRemembersWhenTheColdFitWas() {
        HyperparameterFit fit = new HyperparameterFit(Kernel.MATERN52);
        Hyperparameters cold = fit.fit(POINTS, sine(POINTS), Optional.empty(), 1);
        // as if fitted before any of these points: the data has grown since, so the warm start searches again
        Hyperparameters earlier = new Hyperparameters(cold.logLengthScales(), cold.logSignalVariance() + 0.5,
                cold.logNoiseVariance(), cold.coldFitSize(), 0);
        Hyperparameters warm = fit.fit(POINTS, sine(POINTS), Optional.of(earlier), 1);
        assertThat(cold.coldFitSize()).isEqualTo(POINTS.length);
        assertThat(warm.coldFitSize()).isEqualTo(POINTS.length);
        assertThat(warm.fitSize()).isEqualTo(POINTS.length);
        assertThat(warm).isNotEqualTo(earlier);
        assertThat(warm.logLengthScales()[0]).isCloseTo(cold.logLengthScales()[0], within(0.1));
    }

    @Test
    void theLastFitIsUsedAsItIsUntilTheDataHasGrownByATenth() {
        double[][] many = IntStream.range(0, 44).mapToObj(i -> new double[] {i / 43.0}).toArray(double[][]::new);
        double[][] first = java.util.Arrays.copyOf(many, 40);
        HyperparameterFit fit = new HyperparameterFit(Kernel.MATERN52);
        Hyperparameters atForty = fit.fit(first, sine(first), Optional.empty(), 1);
        assertThat(HyperparameterFit.refitInterval(40)).isEqualTo(4);
        for (int n = 40; n < 44; n++) {
            double[][] points = java.util.Arrays.copyOf(many, n);
            assertThat(fit.fit(points, sine(points), Optional.of(atForty), 1)).as("at %d points", n)
                    .isSameAs(atForty);
        }
        Hyperparameters atFortyFour = fit.fit(many, sine(many), Optional.of(atForty), 1);
        assertThat(atFortyFour.fitSize()).isEqualTo(44);
        assertThat(atFortyFour.coldFitSize()).isEqualTo(40);
    }
}
