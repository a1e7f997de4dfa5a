package io.runfleet.scheduler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SobolSamplerTest {

    /** The first points of the Sobol sequence as published (Joe and Kuo, also scipy's unscrambled Sobol). */
    @Test
    void firstPointsAreThePublishedSequenceStartingAtTheOrigin() {
        double[][] points = new SobolSampler(2, 8, 8, null).nextBatch();

        assertThat(column(points, 0)).containsExactly(0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125);
        assertThat(column(points, 1)).containsExactly(0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625);
    }

    @Test
    void batchesContinueTheSequence() {
        SobolSampler sampler = new SobolSampler(1, 8, 3, null);

        assertThat(column(sampler.nextBatch(), 0)).containsExactly(0, 0.5, 0.75);
        assertThat(column(sampler.nextBatch(), 0)).containsExactly(0.25, 0.375, 0.875);
        assertThat(column(sampler.nextBatch(), 0)).containsExactly(0.625, 0.125);
        assertThat(sampler.nextBatch()).isEmpty();
    }

    @Test
    void aSeedShiftsThePointsReproduciblyAndKeepsOnePointPerDyadicInterval() {
        double[][] published = new SobolSampler(3, 64, 64, null).nextBatch();
        double[][] a = new SobolSampler(3, 64, 64, 7L).nextBatch();
        double[][] b = new SobolSampler(3, 64, 64, 7L).nextBatch();
        double[][] c = new SobolSampler(3, 64, 64, 8L).nextBatch();

        assertThat(b).isDeepEqualTo(a);
        assertThat(a).isNotEqualTo(published);
        assertThat(c).isNotEqualTo(a);
        for (int d = 0; d < 3; d++) {
            double[] values = column(a, d);
            int[] intervals = IntStream.range(0, 64).map(i -> (int) Math.floor(values[i] * 64)).sorted().toArray();
            assertThat(intervals).containsExactly(IntStream.range(0, 64).toArray());
            for (double u : values) {
                assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            }
        }
    }

    /** One coordinate of every point. */
    static double[] column(double[][] points, int dimension) {
        double[] values = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            values[i] = points[i][dimension];
        }
        return values;
    }
}
