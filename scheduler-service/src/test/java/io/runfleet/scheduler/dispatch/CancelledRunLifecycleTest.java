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

/** News from an agent that still ran a cancelled run: none of it takes the run out of CANCELLED. */
class CancelledRunLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Policy POLICY = new Policy(2, 2, Duration.ofSeconds(1), 1);
    private static final Duration LEASE = Duration.ofSeconds(10);

    private static RunRow cancelledWhileRunning() {
        RunRow run = new RunRow("r", "s", 0, RunState.PENDING, 0);
        run.startNextAttempt();
        RunLifecycle.started(run, report(AgentReport.Kind.STARTED), NOW, LEASE);
        run.moveTo(RunState.CANCELLED);
        run.clearLease();
        return run;
    }

    private static AgentReport report(AgentReport.Kind kind) {
        return new AgentReport(1, kind, "agent-1", "host-1", NOW, List.of(new RunRef("r", 1)), "why");
    }

    @Test
    void lateClaimsHeartbeatsAndReleasesLeaveTheRunCancelledWithoutALease() {
        RunRow run = cancelledWhileRunning();

        assertThat(RunLifecycle.started(run, report(AgentReport.Kind.STARTED), NOW, LEASE)).isFalse();
        assertThat(RunLifecycle.heartbeat(run, report(AgentReport.Kind.HEARTBEAT), NOW, LEASE)).isFalse();
        assertThat(RunLifecycle.released(run)).isFalse();

        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(run.leaseDeadline()).as("a lease would let the sweeper judge the run again").isNull();
    }

    @Test
    void aLateResultOfAnyOutcomeLeavesTheRunCancelled() {
        for (RunOutcome outcome : RunOutcome.values()) {
            RunRow run = cancelledWhileRunning();
            RunCompleted late = new RunCompleted(1, 1, "s", "r", 0, 1, outcome, 0, Map.of(), null, "agent-1",
                    "host-1", NOW, NOW);

            assertThat(RunLifecycle.completed(run, late, POLICY, NOW)).as("%s result", outcome).isFalse();
            assertThat(run.state()).as("after a %s result", outcome).isEqualTo(RunState.CANCELLED);
        }
    }

    @Test
    void anExpiredLeaseDoesNotTouchACancelledRun() {
        RunRow run = cancelledWhileRunning();

        assertThat(RunLifecycle.leaseExpired(run, POLICY, NOW)).isFalse();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void theTableLeadsFromCancelledToNothingAReportCouldCause() {
        for (RunState next : List.of(RunState.DISPATCHED, RunState.RUNNING, RunState.SUCCEEDED, RunState.FAILED,
                RunState.TIMED_OUT, RunState.RETRYING)) {
            assertThat(RunState.CANCELLED.canTransitionTo(next)).as("CANCELLED -> %s", next).isFalse();
        }
        assertThat(RunState.CANCELLED.isTerminal()).isTrue();
    }
}
