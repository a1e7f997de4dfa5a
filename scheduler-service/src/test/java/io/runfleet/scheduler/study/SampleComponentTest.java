package io.runfleet.scheduler.study;

import static io.runfleet.scheduler.study.StudyExpansion.points;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleComponentTest {

    private static final String DIMENSIONS = """
            dimensions:
              x: {float: [-1, 1]}
              y: {float: [0.001, 1000], log: true}
              n: {int: [1, 4]}
              k: {choice: [a, b, c]}
            """;

    private static String sample(String method, String extra) {
        return "sample:\n" + ("method: " + method + "\nbudget: 40\n" + extra + DIMENSIONS).indent(2);
    }

    @Test
    void everyMethodExpandsToItsBudgetWithinTheBoundsAndTypes() {
        for (String method : List.of("random", "lhs", "sobol", "halton")) {
            List<Map<String, Object>> points = points(sample(method, "seed: 3\n"));
            assertThat(points).as(method).hasSize(40);
            for (Map<String, Object> point : points) {
                assertThat(point.keySet()).containsExactly("x", "y", "n", "k");
                assertThat((Double) point.get("x")).isBetween(-1.0, 1.0);
                assertThat((Double) point.get("y")).isBetween(0.001, 1000.0);
                assertThat(point.get("n")).isInstanceOf(Integer.class);
                assertThat((Integer) point.get("n")).isBetween(1, 4);
                assertThat(point.get("k")).isIn("a", "b", "c");
            }
            assertThat(points.stream().map(p -> p.get("n")).collect(Collectors.toSet())).as(method)
                    .isEqualTo(Set.of(1, 2, 3, 4));
        }
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        for (String method : List.of("random", "lhs", "sobol", "halton")) {
            assertThat(points(sample(method, "seed: 5\n"))).as(method).isEqualTo(points(sample(method, "seed: 5\n")))
                    .isNotEqualTo(points(sample(method, "seed: 6\n")));
        }
    }

    @Test
    void batchesDoNotChangeSobolPointsButMakeEachLhsBatchItsOwnHypercube() {
        assertThat(points(sample("sobol", "batch: 8\n"))).isEqualTo(points(sample("sobol", "")));
        List<Map<String, Object>> lhs = points(sample("lhs", "seed: 1\nbatch: 10\n"));
        for (int batch = 0; batch < 4; batch++) {
            List<Integer> strata = lhs.subList(batch * 10, batch * 10 + 10).stream()
                    .map(point -> (int) Math.floor(((Double) point.get("x") + 1) / 2 * 10)).sorted().toList();
            assertThat(strata).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void unseededSobolIsThePublishedSequenceMappedToTheBounds() {
        assertThat(points("""
                sample: {method: sobol, budget: 4, dimensions: {x: {float: [0, 8]}}}
                """).stream().map(point -> point.get("x")).toList()).containsExactly(0.0, 4.0, 6.0, 2.0);
    }

    @Test
    void aNormalDimensionWithLhsIsStratifiedAroundTheMean() {
        List<Double> values = points("sample: {method: lhs, seed: 2, budget: 100, dimensions: {z: {normal: [10, 2]}}}")
                .stream().map(point -> (Double) point.get("z")).toList();
        assertThat(values.stream().filter(z -> z < 10).count()).isEqualTo(50);
        assertThat(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isBetween(9.8, 10.2);
    }

    @Test
    void aSampleCombinesWithOtherComponentsAndNestsInASpace() {
        List<Map<String, Object>> points = points("""
                grid: {g: [1, 2]}
                sample: {method: halton, budget: 3, dimensions: {x: {float: [0, 1]}}}
                constants: {c: 7}
                """);
        assertThat(points).hasSize(6);
        assertThat(points.subList(0, 3)).allSatisfy(point -> assertThat(point).containsEntry("g", 1));
        assertThat(points.stream().map(point -> point.get("x")).toList().subList(0, 3))
                .isEqualTo(points.stream().map(point -> point.get("x")).toList().subList(3, 6));
        assertThat(points.get(0).keySet()).containsExactly("g", "x", "c");

        assertThat(points("""
                space:
                  chain:
                    - points: [{x: 0.5}]
                    - sample: {method: halton, budget: 2, dimensions: {x: {float: [0, 1]}}}
                """)).extracting(point -> point.get("x")).containsExactly(0.5, 0.0, 0.5);
    }
}
