package io.runfleet.scheduler.sampling;

import static io.runfleet.scheduler.sampling.SobolSamplerTest.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HaltonSamplerTest {

    @Test
    void dimensionsAreTheVanDerCorputSequencesInBases2And3FromTheOrigin() {
        double[][] points = new HaltonSampler(2, 9, 9, null).nextBatch();

        assertThat(column(points, 0)).containsExactly(new double[] {0, 1 / 2.0, 1 / 4.0, 3 / 4.0, 1 / 8.0, 5 / 8.0,
            3 / 8.0, 7 / 8.0, 1 / 16.0}, within(1e-15));
        assertThat(column(points, 1)).containsExactly(new double[] {0, 1 / 3.0, 2 / 3.0, 1 / 9.0, 4 / 9.0, 7 / 9.0,
            2 / 9.0, 5 / 9.0, 8 / 9.0}, within(1e-15));
    }

    @Test
    void theThirdDimensionUsesBase5AndPrimesComeInOrder() {
        double[][] points = new HaltonSampler(3, 6, 6, null).nextBatch();

        assertThat(column(points, 2)).containsExactly(new double[] {0, 0.2, 0.4, 0.6, 0.8, 0.04}, within(1e-15));
        assertThat(HaltonSampler.primes(10)).containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);
    }

    @Test
    void aSeedRotatesThePointsReproducibly() {
        double[][] published = new HaltonSampler(2, 20, 20, null).nextBatch();
        double[][] a = new HaltonSampler(2, 20, 20, 1L).nextBatch();
        double[][] b = new HaltonSampler(2, 20, 20, 1L).nextBatch();
        double[][] c = new HaltonSampler(2, 20, 20, 2L).nextBatch();

        assertThat(b).isDeepEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        double shift = a[0][0];
        for (int i = 0; i < 20; i++) {
            assertThat(a[i][0]).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            double expected = (published[i][0] + shift) % 1.0;
            assertThat(a[i][0]).isCloseTo(expected, within(1e-12));
        }
    }
}
