package io.runfleet.wire.rabbitmq;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.reactive.messaging.OutgoingInterceptor;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes every message of a channel without an interceptor of its own as persistent (AMQP delivery mode 2).
 * The connector sends messages transient unless told otherwise, and a durable classic queue drops its transient
 * messages when the broker restarts: an agent's claim and its result, confirmed by the broker and queued for the
 * scheduler and the results service, were lost with a {@code rabbitmqctl stop_app}, and their run stayed
 * DISPATCHED with nothing to take it back (a claimed request is acked, and a DISPATCHED run over RabbitMQ has no
 * lease). Persistent, the broker confirms a message once it is on disk, so a confirmed message outlives a restart.
 *
 * <p>SmallRye applies one interceptor per channel, the channel's own ({@code @Identifier}) before this default
 * one, so a channel's own interceptor builds its metadata with {@link #builder()}. Metadata a sender set already
 * ({@link PoolQueues#routeTo}) is kept as it is: it comes from {@link #builder()} too.
 */
@ApplicationScoped
@Unremovable
@LookupIfProperty(name = RabbitMqTransport.ENABLED_PROPERTY, stringValue = "true")
public class PersistentDelivery implements OutgoingInterceptor {

    /** AMQP 0-9-1 delivery mode of a message the broker writes to disk. */
    static final int PERSISTENT = 2;

    /** Outgoing metadata of a persistent message; every place that builds such metadata starts here. */
    public static OutgoingRabbitMQMetadata.Builder builder() {
        return OutgoingRabbitMQMetadata.builder().withDeliveryMode(PERSISTENT);
    }

    @Override
    public Message<?> beforeMessageSend(Message<?> message) {
        if (message.getMetadata(OutgoingRabbitMQMetadata.class).isPresent()) {
            return message;
        }
        return message.addMetadata(builder().build());
    }

    @Override
    public void onMessageAck(Message<?> message) {
        // nothing to track: the sender's own acknowledgement runs as before
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        // nothing to track: the sender's own negative acknowledgement runs as before
    }
}
