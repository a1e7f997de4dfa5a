package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Repeats a cancel to an agent that did not hear it. A claim or heartbeat about a CANCELLED run means an agent is
 * still executing it: the broadcast was lost (PUB/SUB drops messages to a subscriber that just connected), or the
 * request reached the agent after the cancel did. The report itself changes nothing (the transition table allows
 * nothing out of CANCELLED); the cancel goes out again after the report's transaction commits. Likewise a claim or
 * heartbeat about an attempt older than the run's current one: a stale copy runs somewhere, and its result could
 * only go to the history, so the agent is told to stop it.
 */
@ApplicationScoped
public class CancelEcho {

    private static final Logger LOG = Logger.getLogger(CancelEcho.class);

    private final CancelBroadcaster broadcaster;

    public CancelEcho(CancelBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /**
     * @param run the run the report names, whatever its attempt (null when unknown): a stale attempt of a
     *            cancelled run is still a process to stop
     */
    public void onReport(RunRow run, RunRef reported, AgentReport report) {
        // only a claim or a heartbeat says that an agent still executes the run
        boolean executing = report.kind() == AgentReport.Kind.STARTED || report.kind() == AgentReport.Kind.HEARTBEAT;
        if (run == null || !executing) {
            return;
        }
        if (run.state() == RunState.CANCELLED) {
            LOG.infof("%s is CANCELLED but agent %s still reports it (%s); telling agents again", reported,
                    report.agentId(), report.kind());
            broadcaster.afterCommit(List.of(reported), CancelReasons.of(run));
        } else if (run.attempt() > reported.attempt()) {
            LOG.infof("%s is superseded by attempt %d but agent %s reports it (%s); telling agents to stop it",
                    reported, run.attempt(), report.agentId(), report.kind());
            broadcaster.afterCommit(List.of(reported), CancelReasons.SUPERSEDED);
        }
    }
}
