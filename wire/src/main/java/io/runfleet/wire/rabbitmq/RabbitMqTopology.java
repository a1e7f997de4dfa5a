package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.runfleet.wire.Channels;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every exchange, queue and binding of the RabbitMQ transport, in one place. Each Runfleet process declares
 * all of it before its channels start (declarations are idempotent), so a message is never published
 * before the queue that should hold it exists, whatever the start order, and no two processes can declare
 * one queue with different arguments. The connectors' own declarations are switched off in the profiles.
 */
@ApplicationScoped
public class RabbitMqTopology {

    /** The point-to-point channels with a queue each, routed by channel name through the work exchange. */
    static final List<String> QUEUED_CHANNELS =
            List.of(Channels.RUN_REQUESTS, Channels.AGENT_REPORTS, Channels.RUN_RESULTS, Channels.RUN_COMPLETED);

    private final String workExchange;
    private final String eventsExchange;
    private final String controlExchange;
    private final String deadLetterExchange;
    private final String deadLetterQueue;
    private final String queuePrefix;
    private final long deliveryLimit;

    public RabbitMqTopology(
            @ConfigProperty(name = "runfleet.rabbitmq.work-exchange", defaultValue = "runfleet.work") String workExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.events-exchange", defaultValue = "runfleet.events") String eventsExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.control-exchange", defaultValue = "runfleet.control")
            String controlExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.dead-letter-exchange", defaultValue = "runfleet.dlx")
            String deadLetterExchange,
            @ConfigProperty(name = "runfleet.rabbitmq.dead-letter-queue", defaultValue = "runfleet.dead-letter")
            String deadLetterQueue,
            @ConfigProperty(name = "runfleet.rabbitmq.queue-prefix", defaultValue = "runfleet.") String queuePrefix,
            @ConfigProperty(name = "runfleet.rabbitmq.delivery-limit", defaultValue = "5") long deliveryLimit) {
        this.workExchange = workExchange;
        this.eventsExchange = eventsExchange;
        this.controlExchange = controlExchange;
        this.deadLetterExchange = deadLetterExchange;
        this.deadLetterQueue = deadLetterQueue;
        this.queuePrefix = queuePrefix;
        this.deliveryLimit = deliveryLimit;
    }

    /** The queue that holds a channel's messages. */
    public String queueOf(String channel) {
        return queuePrefix + channel;
    }

    /** The fanout exchange of {@link Channels#AGENT_CONTROL}: every agent binds a queue of its own to it. */
    public String controlExchange() {
        return controlExchange;
    }

    public String deadLetterExchange() {
        return deadLetterExchange;
    }

    public String deadLetterQueue() {
        return deadLetterQueue;
    }

    /** Declares the whole topology on {@code channel}; fails if something exists with other arguments. */
    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(workExchange, BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(eventsExchange, BuiltinExchangeType.TOPIC, true);
        // a broadcast: each agent consumes it through an exclusive, server-named queue that its connector
        // declares and binds (the one queue declared outside this class: it lives as long as its agent)
        channel.exchangeDeclare(controlExchange, BuiltinExchangeType.FANOUT, true);
        channel.exchangeDeclare(deadLetterExchange, BuiltinExchangeType.DIRECT, true);
        channel.queueDeclare(deadLetterQueue, true, false, false, Map.of());
        for (String name : QUEUED_CHANNELS) {
            String queue = queueOf(name);
            channel.queueDeclare(queue, true, false, false, queueArguments(name, queue));
            channel.queueBind(queue, workExchange, name);
            // dead letters keep the queue they died in as routing key (x-dead-letter-routing-key below)
            channel.queueBind(deadLetterQueue, deadLetterExchange, queue);
        }
    }

    private Map<String, Object> queueArguments(String channelName, String queue) {
        if (Channels.RUN_REQUESTS.equals(channelName)) {
            // quorum: replicated where the broker is a cluster, and it counts deliveries, so a request that
            // kills every agent it reaches is dead-lettered after deliveryLimit tries instead of circling forever
            return Map.of("x-queue-type", "quorum", "x-delivery-limit", deliveryLimit,
                    "x-dead-letter-exchange", deadLetterExchange, "x-dead-letter-routing-key", queue);
        }
        return Map.of("x-dead-letter-exchange", deadLetterExchange, "x-dead-letter-routing-key", queue);
    }
}
