package io.runfleet.wire.messaging;

import java.util.function.Consumer;

/**
 * Outgoing message metadata: what to do when the receiver the transport handed the message to is lost before it
 * could have taken it. The message was acknowledged at the hand-over, so without this the sender would only notice
 * by a timeout of its own. ZeroMQ calls {@code lost} (on its socket thread, with a reason) for the messages a router
 * handed to a dealer that said BYE, fell silent for {@code heartbeat-timeout} or became unreachable; whether the
 * receiver had started on the message is for the sender to tell, so it must be cheap and must not block. RabbitMQ
 * needs no such call: a delivery its consumer did not acknowledge goes back to the queue when the channel closes.
 */
public record ReceiverLost(Consumer<String> lost) {
}
