package io.runfleet.scheduler.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class StopRuleTest {

    private static List<Observation> values(double... values) {
        return DoubleStream.of(values).mapToObj(v -> Observation.of(Map.of("x", v), v)).toList();
    }

    @Test
    void stopsWhenTheBestIsWithinTheToleranceOfTheTarget() {
        StopRule rule = new StopRule(Goal.MINIMIZE, OptionalDouble.of(1.0), 0.1, OptionalInt.empty());
        assertThat(rule.check(values(3, 2, 1.2))).isEmpty();
        assertThat(rule.check(values(3, 1.05, 2))).hasValueSatisfying(reason -> assertThat(reason).contains("target"));
        assertThat(rule.check(values(3, 0.2))).as("better than the target").isPresent();
        StopRule maximum = new StopRule(Goal.MAXIMIZE, OptionalDouble.of(1.0), 0.1, OptionalInt.empty());
        assertThat(maximum.check(values(0.5, 0.8))).isEmpty();
        assertThat(maximum.check(values(0.5, 0.95))).isPresent();
    }

    @Test
    void stopsAfterRunsWithoutImprovementCountingFailures() {
        StopRule rule = new StopRule(Goal.MAXIMIZE, OptionalDouble.empty(), 0, OptionalInt.of(3));
        assertThat(rule.check(values(1, 5, 2, 3))).isEmpty();
        assertThat(rule.check(values(1, 5, 2, 3, 4))).hasValueSatisfying(r -> assertThat(r).contains("stagnation"));
        List<Observation> withFailure = new java.util.ArrayList<>(values(1, 5, 2, 3));
        withFailure.add(Observation.failed(Map.of("x", 0.0)));
        assertThat(rule.check(withFailure)).isPresent();
        assertThat(rule.check(values(1, 2, 3, 4, 6))).isEmpty();
    }

    @Test
    void theBudgetCountsPendingRunsAndFailures() {
        Budget budget = new Budget(OptionalInt.of(5), OptionalInt.of(1));
        assertThat(budget.check(values(1, 2), 2)).isEmpty();
        assertThat(budget.room(values(1, 2), 2, 4)).isEqualTo(1);
        assertThat(budget.check(values(1, 2), 3)).hasValueSatisfying(r -> assertThat(r).contains("maxRuns"));
        List<Observation> failures = List.of(Observation.failed(Map.of("x", 1.0)), Observation.failed(Map.of("x", 2.0)));
        assertThat(budget.check(failures, 0)).hasValueSatisfying(r -> assertThat(r).contains("maxFailures"));
        assertThat(BestSoFar.of(values(3, 1, 2), Goal.MINIMIZE).orElseThrow().value()).isEqualTo(1);
        assertThat(BestSoFar.of(values(3, 1, 2), Goal.MAXIMIZE).orElseThrow().point()).isEqualTo(Map.of("x", 3.0));
    }
}
