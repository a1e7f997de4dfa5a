package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.study.Policy;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunCompleted;
import java.time.Duration;
import java.time.Instant;

/**
 * What each kind of news does to a run's current attempt. Pure: callers check that the news is about the current
 * attempt and store the row afterwards. Each method returns whether it changed the run; news that does not apply
 * to the run's state (a duplicate, or a message overtaken by another) changes nothing.
 */
public final class RunLifecycle {

    private RunLifecycle() {
    }

    /** An agent claimed the run: it is RUNNING and leased until {@code now + lease}. */
    public static boolean started(RunRow run, AgentReport report, Instant now, Duration lease) {
        switch (run.state()) {
            case DISPATCHED -> {
                run.moveTo(RunState.RUNNING);
                run.startedAt(report.at() == null ? now : report.at());
            }
            case RUNNING -> {
                // a repeated claim only renews the lease
            }
            default -> {
                return false;
            }
        }
        run.heldBy(report.agentId(), report.host());
        run.leaseUntil(now.plus(lease));
        return true;
    }

    /** The agent still works on the run; a heartbeat that overtook the claim counts as the claim. */
    public static boolean heartbeat(RunRow run, AgentReport report, Instant now, Duration lease) {
        if (run.state() == RunState.DISPATCHED) {
            return started(run, report, now, lease);
        }
        if (run.state() != RunState.RUNNING) {
            return false;
        }
        run.leaseUntil(now.plus(lease));
        return true;
    }

    /**
     * The agent hands the run back unfinished (draining, a deadline without room for it, a request of another pool):
     * PENDING again, without blame, the attempt counted drained.
     */
    public static boolean released(RunRow run) {
        if (!requeue(run)) {
            return false;
        }
        run.countDrain();
        return true;
    }

    /**
     * The agent killed the run mid-way because it was stopped as its allocation ends (preemption, scancel,
     * walltime): PENDING again, using neither retries nor the crash limit, the attempt counted preempted.
     */
    public static boolean interrupted(RunRow run) {
        if (!requeue(run)) {
            return false;
        }
        run.countPreemption();
        return true;
    }

    /** Back to PENDING for another agent, without blame; false when the run is not in flight. */
    private static boolean requeue(RunRow run) {
        if (!RunState.IN_FLIGHT.contains(run.state())) {
            return false;
        }
        run.moveTo(RunState.PENDING);
        run.clearLease();
        run.heldBy(null, null);
        run.startedAt(null);
        return true;
    }

    /**
     * The results service stored the attempt's result. A failure or timeout is retried with back-off while the
     * run has retries left; otherwise it is final.
     */
    public static boolean completed(RunRow run, RunCompleted event, Policy policy, Instant now) {
        if (!RunState.IN_FLIGHT.contains(run.state())) {
            return false;
        }
        run.heldBy(event.agentId() == null ? run.agentId() : event.agentId(),
                event.host() == null ? run.host() : event.host());
        if (event.startedAt() != null) {
            run.startedAt(event.startedAt());
        }
        run.endedAt(event.endedAt() == null ? now : event.endedAt());
        run.outcome(event.exitCode(), event.error());
        run.clearLease();
        switch (event.outcome()) {
            case SUCCEEDED -> run.moveTo(RunState.SUCCEEDED);
            case CANCELLED -> run.moveTo(RunState.CANCELLED);
            case FAILED, TIMED_OUT -> {
                boolean retriesLeft = run.failureCount() < policy.retries();
                run.countFailure();
                if (retriesLeft) {
                    run.moveTo(RunState.RETRYING);
                    run.notBefore(now.plus(policy.backoffBeforeRetry(run.failureCount())));
                } else {
                    run.moveTo(event.outcome() == io.runfleet.wire.RunOutcome.FAILED
                            ? RunState.FAILED : RunState.TIMED_OUT);
                }
            }
        }
        return true;
    }

    /**
     * The results service refused the attempt's result for good (the agent says so, with the service's reason):
     * running the attempt again would give the same result, so the run FAILS at once with the reason, not retried
     * as if its agent had vanished.
     */
    public static boolean resultRefused(RunRow run, String reason, Instant now) {
        if (!RunState.IN_FLIGHT.contains(run.state())) {
            return false;
        }
        run.clearLease();
        run.moveTo(RunState.FAILED);
        run.endedAt(now);
        run.outcome(null, "result refused: " + reason);
        return true;
    }

    /**
     * The broker dead-lettered the run's request (RabbitMQ): delivered too often to agents that never claimed it, or
     * refused by one that could not read it. It will never be delivered again, and a request the broker held has no
     * claim lease to send the run back, so a DISPATCHED run FAILS with the reason: sending it again would meet the
     * same end. A run an agent claimed meanwhile (RUNNING) is left to its lease.
     */
    public static boolean requestDeadLettered(RunRow run, String reason, Instant now) {
        if (run.state() != RunState.DISPATCHED) {
            return false;
        }
        run.clearLease();
        run.moveTo(RunState.FAILED);
        run.endedAt(now);
        run.outcome(null, reason);
        return true;
    }

    /**
     * The run's request will never be claimed: the transport refused it, an earlier scheduler process died with
     * it, or the agent it was handed to did not claim it within the claim lease. PENDING again; its next dispatch
     * is a new attempt, which tells any copy of this one apart as stale.
     */
    public static boolean unclaimed(RunRow run) {
        if (run.state() != RunState.DISPATCHED) {
            return false;
        }
        run.moveTo(RunState.PENDING);
        run.clearLease();
        return true;
    }

    /**
     * The attempt's result was not acknowledged within the agent's delivery timeout (the results service is
     * unreachable from that agent): the attempt is lost like one whose agent stopped reporting, retried up to the
     * crash limit, and the run carries the reason meanwhile and FAILS with it after the limit.
     */
    public static boolean resultUndeliverable(RunRow run, String reason, Policy policy, Instant now) {
        if (!RunState.IN_FLIGHT.contains(run.state())) {
            return false;
        }
        lose(run, policy, now, "result undeliverable: " + reason);
        return true;
    }

    /** The attempt is lost: retried at once while the crash limit allows, else the run FAILS; {@code why} stays. */
    private static void lose(RunRow run, Policy policy, Instant now, String why) {
        run.countLoss();
        run.clearLease();
        if (run.lostCount() <= policy.crashLimit()) {
            run.moveTo(RunState.RETRYING);
            run.notBefore(now);
            if (!why.startsWith("lost")) {
                run.outcome(null, why);
            }
        } else {
            run.moveTo(RunState.FAILED);
            run.endedAt(now);
            run.outcome(null, why + " (" + run.lostCount() + " times)");
        }
    }

    /**
     * The run's lease ran out. Unclaimed (DISPATCHED): nobody took it, so it is PENDING again. RUNNING: the agent
     * stopped reporting; the attempt is lost and retried at once up to the crash limit, then the run FAILS.
     */
    public static boolean leaseExpired(RunRow run, Policy policy, Instant now) {
        switch (run.state()) {
            case DISPATCHED -> {
                return unclaimed(run);
            }
            case RUNNING -> {
                lose(run, policy, now, "lost: agent stopped reporting");
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
