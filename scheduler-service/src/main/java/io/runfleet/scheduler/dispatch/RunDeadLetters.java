package io.runfleet.scheduler.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.rabbitmq.DeadLetter;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a dead run request or run result ({@link Channels#RUN_DEAD_LETTERS}, RabbitMQ) means for its run, as news
 * for the {@link SchedulerLoop}:
 * <ul>
 *   <li>a run request: {@link RequestDeadLettered} with the reason (delivery limit reached, or the agent's refusal);
 *   <li>a run result refused for good: the report an agent sends over ZeroMQ when its result is refused,
 *       {@code RESULT_REFUSED}, so the run fails at once with the refusal's reason;
 *   <li>a run result refused for now twice, or dead-lettered by the broker itself: {@code RESULT_UNDELIVERABLE}, the
 *       attempt lost and retried up to the crash limit, as over ZeroMQ when a result finds no taker.
 * </ul>
 * The run is read from the message's {@code runId} and {@code attempt} alone, without the wire's checks: a result
 * refused for being too large, or for a field over a limit, still names its run.
 */
@ApplicationScoped
public class RunDeadLetters {

    private static final Logger LOG = Logger.getLogger(RunDeadLetters.class);

    private final RabbitMqTopology topology;

    public RunDeadLetters(RabbitMqTopology topology) {
        this.topology = topology;
    }

    /** The news about the run the dead letter names; empty if it names none (not JSON, no run id). */
    public Optional<Object> newsOf(DeadLetter letter, byte[] body) {
        boolean request = topology.queueOf(Channels.RUN_REQUESTS).equals(letter.queue());
        if (!request && !topology.queueOf(Channels.RUN_RESULTS).equals(letter.queue())) {
            LOG.warnf("ignoring a dead letter from %s: only run requests and run results end runs", letter.queue());
            return Optional.empty();
        }
        Optional<JsonNode> message = readTree(body);
        Optional<RunRef> ref = message.flatMap(RunDeadLetters::refIn);
        if (ref.isEmpty()) {
            LOG.warnf("a dead letter from %s names no run (%s); it stays in %s for an operator", letter.queue(),
                    describe(letter), topology.deadLetterQueue());
            return Optional.empty();
        }
        LOG.warnf("%s: its %s was dead-lettered: %s", ref.get(), request ? "request" : "result", describe(letter));
        return Optional.of(request ? new RequestDeadLettered(ref.get(), requestReason(letter))
                : resultReport(letter, ref.get(), message.get()));
    }

    private String requestReason(DeadLetter letter) {
        if (letter.deliveryLimitReached()) {
            String times = letter.deliveries() > 0 ? letter.deliveries() + " times"
                    : "more than " + topology.deliveryLimit() + " times";
            return "run request dead-lettered: delivery limit reached (runfleet.rabbitmq.delivery-limit="
                    + topology.deliveryLimit() + "): agents crashed or vanished on it " + times;
        }
        if (letter.reason() != null) {
            return "run request refused by " + letter.consumer() + ": " + letter.reason();
        }
        return "run request dead-lettered by the broker: " + letter.brokerReason();
    }

    private static AgentReport resultReport(DeadLetter letter, RunRef ref, JsonNode result) {
        AgentReport.Kind kind;
        String reason;
        if (letter.reason() != null && letter.refusedForGood()) {
            kind = AgentReport.Kind.RESULT_REFUSED;
            reason = letter.reason();
        } else {
            // refused for now on two deliveries, or dead-lettered by the broker when the refusal's copy failed: sending
            // it again might have helped, so the attempt counts as lost, not failed
            kind = AgentReport.Kind.RESULT_UNDELIVERABLE;
            reason = "dead-lettered: " + describe(letter);
        }
        return new AgentReport(WireMessage.SCHEMA_VERSION, kind, text(result, "agentId"), text(result, "host"),
                Instant.now(), List.of(ref), reason);
    }

    private static String describe(DeadLetter letter) {
        if (letter.reason() != null) {
            return (letter.refusedForGood() ? "refused for good by " : "refused twice by ") + letter.consumer() + ": "
                    + letter.reason();
        }
        return "by the broker (" + letter.brokerReason() + ")";
    }

    private static Optional<JsonNode> readTree(byte[] body) {
        try {
            return Optional.ofNullable(WireCodec.mapper().readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<RunRef> refIn(JsonNode message) {
        String runId = text(message, "runId");
        JsonNode attempt = message.get("attempt");
        if (runId == null || attempt == null || !attempt.canConvertToInt()) {
            return Optional.empty();
        }
        return Optional.of(new RunRef(runId, attempt.intValue()));
    }

    private static String text(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
