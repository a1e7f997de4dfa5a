package io.runfleet.wire.rabbitmq;

import io.runfleet.wire.messaging.Refusals;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.rabbitmq.ClientHolder;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQConnector;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.rabbitmq.fault.RabbitMQFailureHandler;
import io.vertx.mutiny.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The failure strategy {@value #NAME} of the services' RabbitMQ channels: a message refused for good
 * ({@link Refusals#isTerminal}) goes to the dead-letter queue with the consumer's reason ({@link DeadLetters}), then
 * the delivery is acked; one refused for a transient reason is rejected with requeue, so it is delivered again
 * (once: refused again, it is dead-lettered too).
 * Should the copy fail, the delivery is rejected without requeue and the broker dead-letters it as {@code rejected}.
 */
@ApplicationScoped
@Identifier(DeadLetterWithReason.NAME)
public class DeadLetterWithReason implements RabbitMQFailureHandler.Factory {

    public static final String NAME = "runfleet-dead-letter";

    private final DeadLetters deadLetters;
    private final RabbitMqTopology topology;

    public DeadLetterWithReason(DeadLetters deadLetters, RabbitMqTopology topology) {
        this.deadLetters = deadLetters;
        this.topology = topology;
    }

    @Override
    public RabbitMQFailureHandler create(RabbitMQConnectorIncomingConfiguration config, RabbitMQConnector connector) {
        String queue = config.getQueueName().orElseGet(() -> topology.queueOf(config.getChannel()));
        return new Handler(queue);
    }

    private final class Handler implements RabbitMQFailureHandler {
        private final String queue;

        Handler(String queue) {
            this.queue = queue;
        }

        @Override
        public <V> CompletionStage<Void> handle(IncomingRabbitMQMessage<V> message, Metadata metadata, Context context,
                                                Throwable reason) {
            CompletableFuture<Void> settled = new CompletableFuture<>();
            var delivery = message.getRabbitMQMessage();
            if (!Refusals.isTerminal(reason) && !delivery.envelope().isRedeliver()) {
                // transient (the receiver's database was away too long, say): the broker delivers it again, once;
                // refused again, it is dead-lettered below, since a classic queue counts no deliveries and a
                // message refused on every delivery would otherwise circle for good
                ClientHolder.runOnContext(context, message, incoming -> incoming.rejectMessage(reason, true))
                        .whenComplete((done, error) -> settled.complete(null));
                return settled;
            }
            deadLetters.publish(queue, delivery.body().getBytes(), delivery.properties(), reason)
                    .whenComplete((copied, failure) -> ClientHolder.runOnContext(context, message, incoming -> {
                        if (failure == null) {
                            incoming.acknowledgeMessage();
                        } else {
                            incoming.rejectMessage(reason, false);
                        }
                    }).whenComplete((done, error) -> settled.complete(null)));
            return settled;
        }
    }
}
