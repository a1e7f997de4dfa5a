package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.persistence.SamplerRuns.Tally;
import io.runfleet.scheduler.study.SamplerSection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a sampler stops, what it may still add, and how a result's objective is read: pure functions. */
class SamplerStopRuleTest {

    private static final Instant SUBMITTED = Instant.parse("2026-12-07T00:00:00Z");

    private static SamplerSection sampler(int inFlight, SamplerSection.Budget budget, SamplerSection.OnStop onStop) {
        return new SamplerSection(SamplerSection.Kind.EXTERNAL,
                Map.of("x", new SamplerSection.Variable(0, 1, SamplerSection.Scale.LINEAR)),
                new SamplerSection.Objective("f", SamplerSection.Goal.MINIMIZE), null, inFlight, budget, null, null,
                new SamplerSection.Stop(null, null, null), onStop, SamplerSection.Failures.EXCLUDE);
    }

    /** created, unfinished, done, failed, cancelled */
    private static Tally tally(long created, long unfinished, long failed) {
        return new Tally(created, unfinished, created - unfinished - failed, failed, 0);
    }

    @Test
    void capacityIsTheRoomInFlightWithinWhatTheBudgetHasLeft() {
        SamplerSection loop = sampler(4, new SamplerSection.Budget(10, null, null), SamplerSection.OnStop.DRAIN);

        assertThat(SamplerStopRule.capacity(loop, tally(0, 0, 0))).isEqualTo(4);
        assertThat(SamplerStopRule.capacity(loop, tally(3, 3, 0))).isEqualTo(1);
        assertThat(SamplerStopRule.capacity(loop, tally(8, 1, 0))).as("budget left 2").isEqualTo(2);
        assertThat(SamplerStopRule.capacity(loop, tally(10, 0, 0))).isZero();
        assertThat(SamplerStopRule.capacity(loop, tally(5, 5, 0))).as("never negative").isZero();
    }

    @Test
    void theRunBudgetStopsOnceEveryRunIsMadeAndLetsThemFinish() {
        SamplerSection loop = sampler(2, new SamplerSection.Budget(3, null, null), SamplerSection.OnStop.CANCEL);

        assertThat(SamplerStopRule.check(loop, tally(2, 2, 0), SUBMITTED, SUBMITTED)).isEmpty();
        assertThat(SamplerStopRule.check(loop, tally(3, 2, 0), SUBMITTED, SUBMITTED)).contains(
                new SamplerStopRule.Stop("budget.maxRuns reached: 3 runs", false));
    }

    @Test
    void failuresAndTimeStopAsOnStopSays() {
        SamplerSection loop = sampler(2, new SamplerSection.Budget(50, 2, Duration.ofHours(6)),
                SamplerSection.OnStop.CANCEL);

        assertThat(SamplerStopRule.check(loop, tally(5, 2, 1), SUBMITTED, SUBMITTED)).isEmpty();
        assertThat(SamplerStopRule.check(loop, tally(5, 2, 2), SUBMITTED, SUBMITTED)).contains(
                new SamplerStopRule.Stop("budget.maxFailures reached: 2 failed runs", true));
        assertThat(SamplerStopRule.check(loop, tally(5, 2, 0), SUBMITTED, SUBMITTED.plus(Duration.ofHours(6))))
                .contains(new SamplerStopRule.Stop("budget.maxTime reached: 6h since the study was submitted", true));
    }

    @Test
    void anObjectiveIsANumberOrTextThatReadsAsOne() {
        assertThat(ObjectiveRecorder.read("f", Map.of("f", 1.5)).value()).isEqualTo(1.5);
        assertThat(ObjectiveRecorder.read("f", Map.of("f", " 2e-3 ")).value()).isEqualTo(0.002);
        assertThat(ObjectiveRecorder.read("f", Map.of("g", 1)).problem()).contains("no 'f'", "outputs: g");
        assertThat(ObjectiveRecorder.read("f", Map.of("f", "NaN")).problem()).contains("not a finite number");
        assertThat(ObjectiveRecorder.read("f", Map.of("f", true)).value()).isNull();
    }
}
