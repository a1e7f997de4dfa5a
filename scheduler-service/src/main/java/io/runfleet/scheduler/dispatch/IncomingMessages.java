package io.runfleet.scheduler.dispatch;

import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.messaging.Inbound;
import io.runfleet.wire.rabbitmq.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Receives agent reports and completion events, and over RabbitMQ the dead letters that end runs. Each is decoded (a malformed one is nacked with its reason) and
 * handed to the {@link SchedulerLoop}, which acknowledges it after its group commit; the transport thread never
 * waits for the database.
 */
@ApplicationScoped
public class IncomingMessages {

    private final SchedulerLoop loop;
    private final RunDeadLetters deadLetters;

    public IncomingMessages(SchedulerLoop loop, RunDeadLetters deadLetters) {
        this.loop = loop;
        this.deadLetters = deadLetters;
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

    /**
     * A dead run request or run result (RabbitMQ only; the channel is disabled on other transports). One that names no
     * run is acknowledged at once: the operators' copy stays in the dead-letter queue.
     */
    @Incoming(Channels.RUN_DEAD_LETTERS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onRunDeadLetter(Message<byte[]> message) {
        return Inbound.guarded(message, () -> deadLetters.newsOf(DeadLetter.of(message), message.getPayload())
                .ifPresentOrElse(news -> loop.accept(news, message), message::ack));
    }
}
