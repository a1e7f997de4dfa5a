package io.runfleet.wire.messaging;

import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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
