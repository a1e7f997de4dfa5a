package io.runfleet.wire.rabbitmq;

import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Why a message taken from the dead-letter exchange died, from its headers: the reason a Runfleet consumer gave
 * ({@link DeadLetters}), or, when the broker dead-lettered it itself, the broker's ({@code x-first-death-reason}:
 * {@code delivery_limit}, {@code rejected}, ...).
 *
 * @param queue          the queue it died in (its routing key on the dead-letter exchange)
 * @param reason         the consumer's reason ({@value DeadLetters#REASON_HEADER}); null when the broker dead-lettered it
 * @param refusedForGood the consumer refused it for good ({@value DeadLetters#REFUSAL_HEADER} {@code terminal})
 * @param consumer       who refused it ({@value DeadLetters#CONSUMER_HEADER}); null when the broker dead-lettered it
 * @param brokerReason   the broker's reason ({@code x-first-death-reason}); null when a consumer copied it here
 * @param deliveries     how often the broker had delivered it ({@code x-delivery-count}), or -1 if it does not say
 */
public record DeadLetter(String queue, String reason, boolean refusedForGood, String consumer, String brokerReason,
                         long deliveries) {

    /** The broker's reason for a quorum queue message delivered more often than its {@code x-delivery-limit}. */
    public static final String DELIVERY_LIMIT = "delivery_limit";

    /** Reads the dead letter's headers; a message with none (not from the dead-letter exchange) says only its queue. */
    public static DeadLetter of(Message<?> message) {
        Optional<IncomingRabbitMQMetadata> metadata = message.getMetadata(IncomingRabbitMQMetadata.class);
        Map<String, Object> headers = metadata.map(IncomingRabbitMQMetadata::getHeaders).orElse(Map.of());
        String queue = metadata.map(IncomingRabbitMQMetadata::getRoutingKey)
                .orElseGet(() -> text(headers.get(DeadLetters.QUEUE_HEADER)));
        return new DeadLetter(queue, text(headers.get(DeadLetters.REASON_HEADER)),
                DeadLetters.TERMINAL.equals(text(headers.get(DeadLetters.REFUSAL_HEADER))),
                text(headers.get(DeadLetters.CONSUMER_HEADER)), brokerReason(headers), deliveries(headers));
    }

    /** Whether the broker dead-lettered it for having been delivered too often without an ack. */
    public boolean deliveryLimitReached() {
        return DELIVERY_LIMIT.equals(brokerReason);
    }

    private static String brokerReason(Map<String, Object> headers) {
        String first = text(headers.get("x-first-death-reason"));
        if (first != null) {
            return first;
        }
        // brokers before x-first-death-reason: the latest death comes first in x-death
        if (headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(0) instanceof Map<?, ?> death) {
            return text(death.get("reason"));
        }
        return null;
    }

    private static long deliveries(Map<String, Object> headers) {
        return headers.get("x-delivery-count") instanceof Number count ? count.longValue() : -1;
    }

    /** Header strings arrive as the client's {@code LongString}, whose text is its value. */
    private static String text(Object header) {
        return header == null ? null : header.toString();
    }
}
