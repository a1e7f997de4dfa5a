package io.runfleet.scheduler.dispatch;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.messaging.Inbound;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Receives agent reports and completion events. Each is decoded (a malformed one is nacked with its reason) and
 * handed to the {@link SchedulerLoop}, which acknowledges it after its group commit; the transport thread never
 * waits for the database.
 */
@ApplicationScoped
public class IncomingMessages {

    private final SchedulerLoop loop;

    public IncomingMessages(SchedulerLoop loop) {
        this.loop = loop;
    }

    @Incoming(Channels.AGENT_REPORTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onAgentReport(Message<byte[]> message) {
        return Inbound.guarded(message, () -> Inbound.decode(message, AgentReport.class)
                .ifPresent(report -> loop.accept(report, message)));
    }

    @Incoming(Channels.RUN_COMPLETED)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRunCompleted(Message<byte[]> message) {
        return Inbound.guarded(message, () -> Inbound.decode(message, RunCompleted.class)
                .ifPresent(event -> loop.accept(event, message)));
    }
}
