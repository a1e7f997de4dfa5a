package io.runfleet.agent.messaging;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/** Sends {@link AgentReport}s to the scheduler; each send completes when the scheduler acknowledged it. */
@Singleton
public class ReportSender {

    private static final Logger LOG = Logger.getLogger(ReportSender.class);

    private final Emitter<byte[]> reports;
    private final AgentIdentity identity;

    @Inject
    public ReportSender(@Channel(Channels.AGENT_REPORTS) Emitter<byte[]> reports, AgentIdentity identity) {
        this.reports = reports;
        this.identity = identity;
    }

    public CompletionStage<Void> started(RunRef run) {
        return send(AgentReport.Kind.STARTED, List.of(run), null);
    }

    public CompletionStage<Void> heartbeat(List<RunRef> runs) {
        return send(AgentReport.Kind.HEARTBEAT, runs, null);
    }

    public CompletionStage<Void> released(List<RunRef> runs, String reason) {
        return send(AgentReport.Kind.RELEASED, runs, reason);
    }

    /** The runs were killed mid-way because the agent is stopped as its allocation ends: requeued as preempted. */
    public CompletionStage<Void> interrupted(List<RunRef> runs, String reason) {
        return send(AgentReport.Kind.INTERRUPTED, runs, reason);
    }

    /** The results service refused the run's result for good: the scheduler fails the run with the reason. */
    public CompletionStage<Void> resultRefused(RunRef run, String reason) {
        return send(AgentReport.Kind.RESULT_REFUSED, List.of(run), reason);
    }

    /** The run's result was not acknowledged within the delivery timeout: the scheduler counts the attempt lost. */
    public CompletionStage<Void> resultUndeliverable(RunRef run, String reason) {
        return send(AgentReport.Kind.RESULT_UNDELIVERABLE, List.of(run), reason);
    }

    private CompletionStage<Void> send(AgentReport.Kind kind, List<RunRef> runs, String reason) {
        AgentReport report = new AgentReport(WireMessage.SCHEMA_VERSION, kind, identity.agentId(),
                identity.host(), Instant.now(), runs, reason);
        CompletionStage<Void> sent = reports.send(WireCodec.encode(report));
        // A lost report is transient: the next heartbeat repeats the runs, the lease covers the gap.
        sent.exceptionally(failure -> {
            LOG.warnf("%s report for %s not delivered (transient; the next heartbeat repeats it): %s",
                    kind, runs, failure.getMessage());
            return null;
        });
        return sent;
    }
}
