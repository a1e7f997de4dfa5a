package io.runfleet.scheduler.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatinHypercubeSamplerTest {

    @ParameterizedTest(name = "{0} points in {1} dimensions")
    @CsvSource({"1, 1", "2, 3", "7, 2", "10, 5", "100, 4", "1000, 3", "4096, 1"})
    void everyStratumOfEveryDimensionHoldsExactlyOnePoint(int n, int dimensions) {
        double[][] points = new LatinHypercubeSampler(dimensions, n, n, 99).nextBatch();

        assertThat(points).hasNumberOfRows(n);
        assertOneInEachStratum(points, dimensions);
    }

    @Test
    void eachBatchIsItsOwnLatinHypercubeIncludingAShorterLastOne() {
        LatinHypercubeSampler sampler = new LatinHypercubeSampler(3, 25, 10, 5);

        double[][] first = sampler.nextBatch();
        double[][] second = sampler.nextBatch();
        double[][] last = sampler.nextBatch();

        assertThat(first).hasNumberOfRows(10);
        assertThat(second).hasNumberOfRows(10);
        assertThat(last).hasNumberOfRows(5);
        assertThat(sampler.nextBatch()).isEmpty();
        assertThat(sampler.remaining()).isZero();
        assertOneInEachStratum(first, 3);
        assertOneInEachStratum(second, 3);
        assertOneInEachStratum(last, 3);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        double[][] a = new LatinHypercubeSampler(4, 50, 50, 11).nextBatch();
        double[][] b = new LatinHypercubeSampler(4, 50, 50, 11).nextBatch();
        double[][] c = new LatinHypercubeSampler(4, 50, 50, 12).nextBatch();

        assertThat(b).isDeepEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void aLargerBudgetProposesTheSameFirstBatches() {
        LatinHypercubeSampler small = new LatinHypercubeSampler(2, 20, 8, 3);
        LatinHypercubeSampler large = new LatinHypercubeSampler(2, 80, 8, 3);

        assertThat(large.nextBatch()).isDeepEqualTo(small.nextBatch());
        assertThat(large.nextBatch()).isDeepEqualTo(small.nextBatch());
    }

    @Test
    void aJitterThatRoundsUpToTheNextStratumStaysInItsOwn() {
        double almostOne = Math.nextDown(1.0);
        for (int n : new int[] {3, 10, 1_000_003}) {
            for (int stratum : new int[] {0, 1, n / 2, n - 1}) {
                double u = LatinHypercubeSampler.inStratum(stratum, almostOne, n);
                assertThat((int) Math.floor(u * n)).isEqualTo(stratum);
                assertThat(u).isGreaterThan(0.0).isLessThan(1.0);
            }
        }
    }

    private static void assertOneInEachStratum(double[][] points, int dimensions) {
        int n = points.length;
        for (int d = 0; d < dimensions; d++) {
            int dimension = d;
            int[] strata = IntStream.range(0, n).map(i -> (int) Math.floor(points[i][dimension] * n)).sorted().toArray();
            assertThat(strata).as("dimension %d", d).containsExactly(IntStream.range(0, n).toArray());
        }
    }
}
