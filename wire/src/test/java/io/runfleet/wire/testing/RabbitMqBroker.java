package io.runfleet.wire.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.runfleet.wire.Channels;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ running on this machine, reached with the plain AMQP client, as an outside party would.
 * A missing broker fails the test at connection time: these tests never skip. Shared by the services'
 * RabbitMQ tests through this module's test jar.
 */
public final class RabbitMqBroker implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;

    private RabbitMqBroker(Connection connection) throws IOException {
        this.connection = connection;
        this.channel = connection.createChannel();
    }

    public static RabbitMqBroker connect() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(env("RABBITMQ_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(env("RABBITMQ_PORT", "5672")));
        factory.setUsername(env("RABBITMQ_USERNAME", "guest"));
        factory.setPassword(env("RABBITMQ_PASSWORD", "guest"));
        try {
            return new RabbitMqBroker(factory.newConnection("runfleet-test"));
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("no RabbitMQ at " + factory.getHost() + ":" + factory.getPort()
                    + " (start it, or set RABBITMQ_HOST/RABBITMQ_PORT): " + e.getMessage(), e);
        }
    }

    public void publish(String exchange, String routingKey, String body) throws IOException {
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String exchange, String routingKey, byte[] body) throws IOException {
        channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body);
    }

    /** A server-named queue bound to {@code exchange}, gone when this connection closes. */
    public String bindTemporaryQueue(String exchange, String exchangeType, String bindingKey) throws IOException {
        channel.exchangeDeclare(exchange, exchangeType, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, bindingKey);
        return queue;
    }

    /** Takes (and acks) the next message of {@code queue}, if any. */
    public Optional<GetResponse> take(String queue) throws IOException {
        return Optional.ofNullable(channel.basicGet(queue, true));
    }

    /** Messages of {@code queue} ready for delivery (not counting those delivered and not yet acked). */
    public int readyCount(String queue) throws IOException {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /**
     * Deletes what an isolated test topology under {@code prefix} (see {@link IsolatedRabbitMqProfile}) may
     * have left from an earlier run, so each run declares it afresh with the current arguments.
     */
    public void deleteTopology(String prefix) throws IOException {
        for (String queue : List.of(Channels.RUN_REQUESTS, Channels.AGENT_REPORTS, Channels.RUN_RESULTS,
                Channels.RUN_COMPLETED, Channels.STUDY_EVENTS, Channels.RUN_DEAD_LETTERS, "dead-letter")) {
            channel.queueDelete(prefix + queue);
        }
        for (String exchange : List.of("from-scheduler", "from-agents", "from-results", "events", "control", "dlx")) {
            channel.exchangeDelete(prefix + exchange);
        }
    }

    /** Declares every role's part of {@code topology}, as an administrator would. */
    public void declareAll(RabbitMqTopology topology) throws IOException {
        topology.declareAll(channel);
    }

    public void purgeIfPresent(String queue) throws IOException {
        try (Channel probe = connection.createChannel()) {
            probe.queuePurge(queue);
        } catch (IOException notDeclaredYet) {
            // a queue that does not exist yet holds nothing to purge
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() throws IOException, TimeoutException {
        connection.close();
    }
}
