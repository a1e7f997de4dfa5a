package io.runfleet.wire.rabbitmq;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Hands every consumer the {@code byte[]} payload the wire contract promises. The RabbitMQ connector
 * delivers a Vert.x {@link Buffer}; a converter would only help consumers that declare
 * {@code Message<byte[]>}, while a consumer that injects a raw channel stream gets no conversion. An
 * incoming interceptor runs on the channel itself, whoever consumes it, and keeps ack and nack intact.
 */
@ApplicationScoped
@Unremovable
@LookupIfProperty(name = RabbitMqTransport.ENABLED_PROPERTY, stringValue = "true")
public class BufferPayloadInterceptor implements IncomingInterceptor {

    @Override
    public Message<?> afterMessageReceive(Message<?> message) {
        return message.getPayload() instanceof Buffer buffer ? message.withPayload(buffer.getBytes()) : message;
    }

    @Override
    public void onMessageAck(Message<?> message) {
        // nothing to observe: the consumer acknowledges
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable reason) {
        // nothing to observe: the channel's failure strategy dead-letters the delivery
    }
}
