package io.runfleet.wire.rabbitmq;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.runfleet.wire.Channels;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.WireCodec;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.OutgoingInterceptor;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Gives each run event its topic routing key ({@link EventRoutingKey}) on the way to the
 * {@code runfleet.events} exchange, so that the results service publishes plain bytes whatever the
 * transport. A {@code study.stopped} event gets {@code study.<studyId>.stopped} and the message id
 * {@code <studyId>#<studySeq>}. An event that cannot be read keeps the channel's default routing key.
 */
@ApplicationScoped
@Unremovable
@Identifier(Channels.RUN_EVENTS)
@LookupIfProperty(name = RabbitMqTransport.ENABLED_PROPERTY, stringValue = "true")
public class EventRoutingKeyInterceptor implements OutgoingInterceptor {

    private static final Logger LOG = Logger.getLogger(EventRoutingKeyInterceptor.class);
    private static final String JSON = "application/json";

    @Override
    public Message<?> beforeMessageSend(Message<?> message) {
        if (!(message.getPayload() instanceof byte[] bytes)) {
            return message;
        }
        try {
            Optional<StoppedEvent> stopped = StoppedEvent.of(bytes);
            if (stopped.isPresent()) {
                return message.addMetadata(PersistentDelivery.builder()
                        .withRoutingKey(EventRoutingKey.ofStopped(stopped.get().studyId()))
                        .withContentType(JSON)
                        .withMessageId(stopped.get().studyId() + "#" + stopped.get().studySeq())
                        .build());
            }
            RunCompleted event = WireCodec.decode(bytes, RunCompleted.class);
            OutgoingRabbitMQMetadata metadata = PersistentDelivery.builder()
                    .withRoutingKey(EventRoutingKey.of(event))
                    .withContentType(JSON)
                    .withMessageId(Long.toString(event.eventId()))
                    .build();
            return message.addMetadata(metadata);
        } catch (MalformedMessageException e) {
            LOG.warnf("run event without a routing key (default key used): %s", e.getMessage());
            return message;
        }
    }

    @Override
    public void onMessageAck(Message<?> message) {
        // events are best effort: nothing to track
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        LOG.debugf("run event not published: %s", failure.getMessage());
    }
}
