package io.runfleet.wire;

import java.time.Instant;
import java.util.List;

/**
 * Agent to scheduler: what an agent is doing with the runs it holds.
 *
 * @param kind   {@code STARTED}: the agent claimed these runs and starts them; {@code HEARTBEAT}: it is
 *               still working on them (renews their leases); {@code RELEASED}: it hands them back
 *               unfinished, without blame, the run requeued as drained (a draining agent, or one whose deadline
 *               leaves no room for the run); {@code INTERRUPTED}: it killed these runs mid-way because it was stopped as its
 *               allocation ends (preemption, scancel, walltime), the run requeued as preempted, without blame;
 *               {@code RESULT_REFUSED}: the results service
 *               refused their results for good (the run fails with the reason); {@code RESULT_UNDELIVERABLE}:
 *               their results were not acknowledged within the agent's delivery timeout (the attempt is lost,
 *               with the reason)
 * @param reason why runs were released, or why their results were refused or undeliverable; null otherwise
 */
public record AgentReport(
        int schemaVersion,
        Kind kind,
        String agentId,
        String host,
        Instant at,
        List<RunRef> runs,
        String reason) implements WireMessage {

    public enum Kind { STARTED, HEARTBEAT, RELEASED, INTERRUPTED, RESULT_REFUSED, RESULT_UNDELIVERABLE }

    public AgentReport {
        runs = NullFree.list(runs, "runs");
    }
}
