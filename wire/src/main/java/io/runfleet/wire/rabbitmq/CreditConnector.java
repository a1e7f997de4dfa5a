package io.runfleet.wire.rabbitmq;

import static io.smallrye.reactive.messaging.annotations.ConnectorAttribute.Direction.INCOMING;

import io.runfleet.wire.Pools;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * An incoming RabbitMQ channel that takes from its queue exactly as many messages as its consumer asked for
 * ({@value #NAME}). The worker agent needs this for run requests: it asks for one per free slot and acks a
 * request as soon as it has claimed it, long before the run ends. With the {@code smallrye-rabbitmq}
 * connector a prefetch equal to the slots would let the broker send the next request the moment a claim
 * is acked; that request would wait, unacked, until a slot frees, possibly beyond the broker's
 * {@code consumer_timeout}. See {@link CreditConsumer} for how demand becomes consumers.
 */
@ApplicationScoped
@Connector(CreditConnector.NAME)
@ConnectorAttribute(name = "queue.name", type = "string", direction = INCOMING, mandatory = true,
        description = "the queue to consume; it must exist (RabbitMqTopology declares it)")
@ConnectorAttribute(name = "pool", type = "string", direction = INCOMING,
        description = "consume the queue of this pool's messages, <queue.name>.<pool>, instead of queue.name; the"
                + " scheduler declares it with the pool's first message")
public class CreditConnector implements InboundConnector {

    public static final String NAME = "runfleet-rabbitmq-credit";

    private final BrokerConnections broker;
    private final DeadLetters deadLetters;
    private final List<CreditConsumer> consumers = new CopyOnWriteArrayList<>();

    public CreditConnector(BrokerConnections broker, DeadLetters deadLetters) {
        this.broker = broker;
        this.deadLetters = deadLetters;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        String channel = config.getValue("channel-name", String.class);
        String queue = config.getOptionalValue("queue.name", String.class)
                .orElseThrow(() -> new IllegalArgumentException("channel '" + channel + "' of connector " + NAME
                        + " needs mp.messaging.incoming." + channel + ".queue.name"));
        Optional<String> pool = config.getOptionalValue("pool", String.class).map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> Pools.require("channel '" + channel + "': attribute 'pool'", name));
        // a pool's queue is named as RabbitMqTopology.poolQueueOf names it, and its dead letters count as the queue's
        CreditConsumer consumer = new CreditConsumer(channel, pool.map(name -> queue + "." + name).orElse(queue), queue,
                broker, deadLetters);
        consumers.add(consumer);
        return consumer.stream();
    }

    /** Closes the connections; deliveries not yet acked go back to their queue. */
    @PreDestroy
    void close() {
        consumers.forEach(CreditConsumer::close);
    }
}
