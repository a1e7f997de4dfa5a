package io.runfleet.scheduler.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DimensionTest {

    @Test
    void floatMapsLinearlyOrLogarithmically() {
        assertThat(new UniformDimension(2, 6, false).value(0.0)).isEqualTo(2.0);
        assertThat(new UniformDimension(2, 6, false).value(0.25)).isEqualTo(3.0);
        assertThat((Double) new UniformDimension(1, 100, true).value(0.5)).isCloseTo(10.0, within(1e-12));
        assertThat((Double) new UniformDimension(0.001, 1, true).value(0.0)).isCloseTo(0.001, within(1e-15));
        assertThatThrownBy(() -> new UniformDimension(0, 1, true)).hasMessageContaining("low > 0");
        assertThatThrownBy(() -> new UniformDimension(1, 1, false)).hasMessageContaining("low < high");
    }

    @Test
    void intGivesEveryValueFromLowToHighEquallyOftenAsInts() {
        IntegerDimension dice = new IntegerDimension(1, 6);
        Map<Object, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            counts.merge(dice.value((i + 0.5) / 600), 1, Integer::sum);
        }
        assertThat(counts).containsExactly(Map.entry(1, 100), Map.entry(2, 100), Map.entry(3, 100),
                Map.entry(4, 100), Map.entry(5, 100), Map.entry(6, 100));
        assertThat(dice.value(Math.nextDown(1.0))).isEqualTo(6);
        assertThat(new IntegerDimension(5_000_000_000L, 5_000_000_001L).value(0.9)).isEqualTo(5_000_000_001L);
    }

    @Test
    void choicePicksEachValueForAnEqualShareOfTheInterval() {
        ChoiceDimension choice = new ChoiceDimension(new ArrayList<>(Arrays.asList("a", null, 3)));
        assertThat(choice.value(0.0)).isEqualTo("a");
        assertThat(choice.value(0.5)).isNull();
        assertThat(choice.value(0.99)).isEqualTo(3);
        assertThatThrownBy(() -> new ChoiceDimension(List.of())).hasMessageContaining("at least one value");
    }

    @Test
    void normalIsTheInverseCdf() {
        NormalDimension normal = new NormalDimension(10, 2);
        assertThat((Double) normal.value(0.5)).isCloseTo(10.0, within(1e-12));
        assertThat((Double) normal.value(0.8413447460685429)).isCloseTo(12.0, within(1e-9));
        assertThat((Double) normal.value(0.022750131948179195)).isCloseTo(6.0, within(1e-9));
        assertThat(normal.needsOpenUnitInterval()).isTrue();
        assertThatThrownBy(() -> new NormalDimension(0, 0)).hasMessageContaining("> 0");
    }

    @Test
    void aPointSamplerNamesTheCoordinatesInDimensionOrder() {
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        dimensions.put("x", new UniformDimension(0, 1, false));
        dimensions.put("k", new ChoiceDimension(List.of("a", "b")));
        PointSampler sampler = new SampleDesign(SamplingMethod.SOBOL, dimensions, 4, 2, null).sampler();

        List<Map<String, Object>> first = sampler.nextBatch();

        assertThat(first).containsExactly(Map.of("x", 0.0, "k", "a"), Map.of("x", 0.5, "k", "b"));
        assertThat(first.get(0).keySet()).containsExactly("x", "k");
        assertThat(sampler.nextBatch()).containsExactly(Map.of("x", 0.75, "k", "a"), Map.of("x", 0.25, "k", "b"));
        assertThat(sampler.nextBatch()).isEmpty();
    }
}
