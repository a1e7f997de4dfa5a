package io.runfleet.scheduler.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RandomSamplerTest {

    @Test
    void drawsPointByPointDimensionByDimensionFromTheSeededStream() {
        double[][] points = new RandomSampler(3, 4, 4, 2024).nextBatch();
        SplitMix64 stream = new SplitMix64(2024);

        for (double[] point : points) {
            for (double coordinate : point) {
                assertThat(coordinate).isEqualTo(stream.nextOpenUnit());
            }
        }
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        assertThat(new RandomSampler(2, 10, 10, 1).nextBatch())
                .isDeepEqualTo(new RandomSampler(2, 10, 10, 1).nextBatch())
                .isNotEqualTo(new RandomSampler(2, 10, 10, 2).nextBatch());
    }

    @Test
    void batchesSplitTheBudgetAndALargerBudgetStartsTheSame() {
        RandomSampler sampler = new RandomSampler(1, 10, 4, 9);
        RandomSampler larger = new RandomSampler(1, 100, 4, 9);

        double[][] first = sampler.nextBatch();
        assertThat(first).hasNumberOfRows(4).isDeepEqualTo(larger.nextBatch());
        assertThat(sampler.nextBatch()).hasNumberOfRows(4).isDeepEqualTo(larger.nextBatch());
        assertThat(sampler.nextBatch()).hasNumberOfRows(2);
        assertThat(sampler.nextBatch()).isEmpty();
    }

    @Test
    void randomAndLhsNeedASeedSobolAndHaltonDoNot() {
        assertThatThrownBy(() -> SamplingMethod.RANDOM.create(1, 1, 1, null)).hasMessageContaining("needs a seed");
        assertThatThrownBy(() -> SamplingMethod.LHS.create(1, 1, 1, null)).hasMessageContaining("needs a seed");
        assertThat(SamplingMethod.SOBOL.create(1, 1, 1, null)).isInstanceOf(SobolSampler.class);
        assertThat(SamplingMethod.HALTON.create(1, 1, 1, null)).isInstanceOf(HaltonSampler.class);
        assertThat(SamplingMethod.byLabel("lhs")).contains(SamplingMethod.LHS);
        assertThat(SamplingMethod.byLabel("LHS")).isEmpty();
    }
}
