package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.study.Policy;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Policy POLICY = new Policy(2, 2, Duration.ofSeconds(1), 1);

    private static RunRow dispatched() {
        RunRow run = new RunRow("r", "s", 0, RunState.PENDING, 0);
        run.startNextAttempt();
        return run;
    }

    private static AgentReport report(AgentReport.Kind kind) {
        return new AgentReport(1, kind, "agent-1", "host-1", NOW, List.of(new RunRef("r", 1)), null);
    }

    private static RunCompleted completed(RunOutcome outcome, Integer exitCode) {
        return new RunCompleted(1, 1, "s", "r", 0, 1, outcome, exitCode, Map.of(), "boom", "agent-1", "host-1",
                NOW, NOW);
    }

    @Test
    void failuresBackOffExponentiallyThenFail() {
        RunRow run = dispatched();
        assertThat(RunLifecycle.completed(run, completed(RunOutcome.FAILED, 3), POLICY, NOW)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.RETRYING);
        assertThat(run.notBefore()).isEqualTo(NOW.plusSeconds(1));
        run.startNextAttempt();
        RunLifecycle.completed(run, completed(RunOutcome.TIMED_OUT, null), POLICY, NOW);
        assertThat(run.notBefore()).isEqualTo(NOW.plusSeconds(2));
        run.startNextAttempt();
        RunLifecycle.completed(run, completed(RunOutcome.FAILED, 7), POLICY, NOW);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.failureCount()).isEqualTo(3);
        assertThat(RunLifecycle.completed(run, completed(RunOutcome.SUCCEEDED, 0), POLICY, NOW)).isFalse();
    }

    @Test
    void lostAttemptsRetryUpToTheCrashLimit() {
        RunRow run = dispatched();
        RunLifecycle.started(run, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
        assertThat(RunLifecycle.leaseExpired(run, POLICY, NOW)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.RETRYING);
        run.startNextAttempt();
        RunLifecycle.started(run, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
        RunLifecycle.leaseExpired(run, POLICY, NOW);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.error()).isEqualTo("lost: agent stopped reporting (2 times)");
    }

    @Test
    void unclaimedDispatchGoesBackToPendingAndReleaseIsBlameless() {
        RunRow run = dispatched();
        RunLifecycle.leaseExpired(run, POLICY, NOW);
        assertThat(run.state()).isEqualTo(RunState.PENDING);
        assertThat(run.lostCount()).isZero();
        run.startNextAttempt();
        RunLifecycle.heartbeat(run, report(AgentReport.Kind.HEARTBEAT), NOW, Duration.ofSeconds(5));
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(run.leaseDeadline()).isEqualTo(NOW.plusSeconds(5));
        assertThat(RunLifecycle.released(run)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.PENDING);
        assertThat(run.failureCount()).isZero();
        assertThat(run.lostCount()).isZero();
        assertThat(run.drainedCount()).isEqualTo(1);
        assertThat(run.preemptedCount()).isZero();
    }

    @Test
    void anInterruptedAttemptIsPreemptedAndUsesNeitherRetriesNorTheCrashLimit() {
        Policy noRetries = new Policy(1, 0, Duration.ofSeconds(1), 0);
        RunRow run = dispatched();
        for (int attempt = 1; attempt <= 3; attempt++) {
            RunLifecycle.started(run, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
            assertThat(RunLifecycle.interrupted(run)).isTrue();
            assertThat(run.state()).isEqualTo(RunState.PENDING);
            assertThat(run.agentId()).isNull();
            run.startNextAttempt();
        }
        assertThat(run.preemptedCount()).isEqualTo(3);
        assertThat(run.failureCount()).isZero();
        assertThat(run.lostCount()).isZero();
        RunLifecycle.completed(run, completed(RunOutcome.SUCCEEDED, 0), noRetries, NOW);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(RunLifecycle.interrupted(run)).isFalse();
        assertThat(run.preemptedCount()).isEqualTo(3);
    }

    @Test
    void aRefusedResultFailsTheRunAtOnceAndAnUndeliverableOneIsALossWithItsReason() {
        RunRow refused = dispatched();
        RunLifecycle.started(refused, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
        assertThat(RunLifecycle.resultRefused(refused, "too long", NOW)).isTrue();
        assertThat(refused.state()).isEqualTo(RunState.FAILED);
        assertThat(refused.error()).isEqualTo("result refused: too long");
        assertThat(RunLifecycle.resultRefused(refused, "again", NOW)).as("a terminal run stays").isFalse();

        RunRow undeliverable = dispatched();
        RunLifecycle.started(undeliverable, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
        assertThat(RunLifecycle.resultUndeliverable(undeliverable, "no answer", POLICY, NOW)).isTrue();
        assertThat(undeliverable.state()).isEqualTo(RunState.RETRYING);
        assertThat(undeliverable.error()).isEqualTo("result undeliverable: no answer");
        undeliverable.startNextAttempt();
        RunLifecycle.resultUndeliverable(undeliverable, "no answer", POLICY, NOW);
        assertThat(undeliverable.state()).isEqualTo(RunState.FAILED);
        assertThat(undeliverable.error()).isEqualTo("result undeliverable: no answer (2 times)");
    }

    @Test
    void aDeadLetteredRequestFailsItsDispatchedRunWithTheReasonAndLeavesARunThatMovedOn() {
        RunRow waiting = dispatched();
        assertThat(RunLifecycle.requestDeadLettered(waiting, "delivery limit reached", NOW)).isTrue();
        assertThat(waiting.state()).isEqualTo(RunState.FAILED);
        assertThat(waiting.error()).isEqualTo("delivery limit reached");
        assertThat(waiting.attempt()).as("not sent again").isEqualTo(1);

        RunRow claimed = dispatched();
        RunLifecycle.started(claimed, report(AgentReport.Kind.STARTED), NOW, Duration.ofSeconds(10));
        assertThat(RunLifecycle.requestDeadLettered(claimed, "late", NOW)).as("a claimed run is its lease's").isFalse();
        assertThat(claimed.state()).isEqualTo(RunState.RUNNING);

        RunRow handedBack = dispatched();
        RunLifecycle.unclaimed(handedBack);
        assertThat(RunLifecycle.requestDeadLettered(handedBack, "late", NOW)).as("pending for a new attempt").isFalse();
        assertThat(handedBack.state()).isEqualTo(RunState.PENDING);
    }
}
