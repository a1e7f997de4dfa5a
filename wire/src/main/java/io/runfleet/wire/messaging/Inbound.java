package io.runfleet.wire.messaging;

import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Decodes an incoming transport message into its wire record. A message that cannot be read is
 * logged and nacked with the reason (the transport drops or dead-letters it); the consumer goes on.
 */
public final class Inbound {

    private static final Logger LOG = Logger.getLogger(Inbound.class);

    private Inbound() {
    }

    public static <T extends WireMessage> Optional<T> decode(Message<?> message, Class<T> type) {
        try {
            return Optional.of(WireCodec.decode(bytesOf(message.getPayload()), type));
        } catch (MalformedMessageException e) {
            LOG.warnf("dropping malformed %s: %s", type.getSimpleName(), e.getMessage());
            message.nack(e);
            return Optional.empty();
        }
    }

    /**
     * Runs the handler of one message consumed with MANUAL acknowledgement so that an exception it throws settles the
     * message: it is nacked with the reason and the channel goes on. Unguarded, SmallRye Reactive Messaging neither
     * acks nor nacks a MANUAL message whose method throws (it may have been acked already); it fails the channel's
     * stream instead. The message then stays unsettled at the ZeroMQ router, which ignores every resend of a message
     * still being processed, and the channel receives nothing more.
     *
     * @return a completed stage, the return value such a method gives SmallRye
     */
    public static CompletionStage<Void> guarded(Message<?> message, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the handler of a message threw; the message is nacked so that its sender learns of it");
            message.nack(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    static byte[] bytesOf(Object payload) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new MalformedMessageException("payload of type "
                + (payload == null ? "null" : payload.getClass().getName()) + " is not bytes");
    }
}
