package io.runfleet.wire;

/**
 * A receiver refuses a message for good: sending the same bytes again cannot help (it cannot be read, a value does
 * not fit, the database refuses its data). Nacking a message with this (or with a cause of this kind, see
 * {@link io.runfleet.wire.messaging.Refusals}) tells the sender so: over ZeroMQ the NACK says {@code terminal} and
 * the sender's message fails with the reason; over RabbitMQ the message is dead-lettered with the reason. Any other
 * refusal is transient: the message is delivered again.
 */
public class RefusedForGoodException extends RuntimeException {

    public RefusedForGoodException(String reason) {
        super(reason);
    }

    public RefusedForGoodException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
