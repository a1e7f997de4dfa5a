package io.runfleet.scheduler.study;

import static io.runfleet.scheduler.study.StudyExpansion.point;
import static io.runfleet.scheduler.study.StudyExpansion.points;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueHelpersTest {

    private static List<Object> values(String parameter, List<Map<String, Object>> points) {
        return points.stream().map(point -> point.get(parameter)).toList();
    }

    @Test
    void linspaceIsNumpysWithTheEndpointIncluded() {
        assertThat(values("x", points("grid: {x: {linspace: [0, 1, 5]}}")))
                .containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        // numpy.linspace(0, 1, 10): i * (1/9) in doubles, the last value exactly 1
        assertThat(values("x", points("grid: {x: {linspace: [0, 1, 10]}}"))).containsExactly(0.0,
                0.1111111111111111, 0.2222222222222222, 0.3333333333333333, 0.4444444444444444, 0.5555555555555556,
                0.6666666666666666, 0.7777777777777777, 0.8888888888888888, 1.0);
        assertThat(values("x", points("grid: {x: {linspace: [2.5, -2.5, 3]}}"))).containsExactly(2.5, 0.0, -2.5);
        assertThat(values("x", points("grid: {x: {linspace: [7, 9, 1]}}"))).containsExactly(7.0);
    }

    @Test
    void logspaceIsTenToTheLinspace() {
        List<Object> values = values("x", points("grid: {x: {logspace: [-3, 0, 4]}}"));
        assertThat(values).hasSize(4);
        double[] expected = {0.001, 0.01, 0.1, 1.0};
        for (int i = 0; i < 4; i++) {
            assertThat((Double) values.get(i)).isCloseTo(expected[i], within(1e-15));
        }
        assertThat(values("x", points("grid: {x: {logspace: [0, 3, 4]}}"))).containsExactly(1.0, 10.0, 100.0, 1000.0);
    }

    @Test
    void rangeIsPythonsAndIntegersStayIntegers() {
        assertThat(values("n", points("grid: {n: {range: [4]}}"))).containsExactly(0, 1, 2, 3);
        assertThat(values("n", points("grid: {n: {range: [2, 10, 3]}}"))).containsExactly(2, 5, 8);
        assertThat(values("n", points("grid: {n: {range: [10, 0, -3]}}"))).containsExactly(10, 7, 4, 1);
        assertThat(values("n", points("grid: {n: {range: [-2, 1]}}"))).containsExactly(-2, -1, 0);
        assertThat(values("n", points("grid: {n: {range: [4000000000, 4000000002]}}")))
                .containsExactly(4_000_000_000L, 4_000_000_001L);
        assertThat(points("grid: {n: {range: [3]}}")).isEqualTo(points("grid: {n: [0, 1, 2]}"));
    }

    @Test
    void helpersWorkInZipsNestedNodesAndChoices() {
        assertThat(points("zip: {a: {range: [3]}, b: {linspace: [0, 1, 3]}}")).containsExactly(
                point("a", 0, "b", 0.0), point("a", 1, "b", 0.5), point("a", 2, "b", 1.0));
        assertThat(points("space: {product: [{zip: {a: {range: [1, 3]}}}, {grid: {b: {logspace: [0, 1, 2]}}}]}"))
                .containsExactly(point("a", 1, "b", 1.0), point("a", 1, "b", 10.0), point("a", 2, "b", 1.0),
                        point("a", 2, "b", 10.0));
        assertThat(values("k", points("sample: {method: random, seed: 1, budget: 50, "
                + "dimensions: {k: {choice: {range: [10, 13]}}}}"))).containsOnly(10, 11, 12)
                .contains(10, 11, 12);
    }
}
