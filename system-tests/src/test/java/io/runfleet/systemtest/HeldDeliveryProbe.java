package io.runfleet.systemtest;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer that takes one delivery with manual acks and never acks it: the control for a consumer
 * timeout test. If the broker's timeout is in force for channels opened now, the broker closes this
 * channel; if it does not, a test that sees no timeout in the system proves nothing.
 */
final class HeldDeliveryProbe implements AutoCloseable {

    private final Connection connection;
    private final AtomicReference<ShutdownSignalException> closedBy = new AtomicReference<>();
    private final AtomicReference<Long> heldTag = new AtomicReference<>();

    private HeldDeliveryProbe(Connection connection) {
        this.connection = connection;
    }

    /** Opens a channel in the broker's test vhost, queues one message for itself and takes it unacked. */
    static HeldDeliveryProbe start(Map<String, String> clientProperties) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(clientProperties.get("rabbitmq-host"));
        factory.setPort(Integer.parseInt(clientProperties.get("rabbitmq-port")));
        factory.setUsername(clientProperties.get("rabbitmq-username"));
        factory.setPassword(clientProperties.get("rabbitmq-password"));
        factory.setVirtualHost(clientProperties.get("rabbitmq-virtual-host"));
        // A closed channel must stay closed: it is the outcome this probe watches for.
        factory.setAutomaticRecoveryEnabled(false);
        try {
            Connection connection = factory.newConnection("consumer-timeout-probe");
            Channel channel = connection.createChannel();
            HeldDeliveryProbe probe = new HeldDeliveryProbe(connection);
            channel.addShutdownListener(probe.closedBy::set);
            String queue = channel.queueDeclare().getQueue();
            channel.basicPublish("", queue, null, "held".getBytes(StandardCharsets.UTF_8));
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    probe.heldTag.set(envelope.getDeliveryTag());
                }
            });
            await("the probe holds its delivery").atMost(Duration.ofSeconds(30)).until(() -> probe.heldTag.get() != null);
            return probe;
        } catch (IOException e) {
            throw new UncheckedIOException("probe cannot connect to RabbitMQ with " + clientProperties, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("probe timed out connecting to RabbitMQ with " + clientProperties, e);
        }
    }

    /** The broker's reason for closing the channel, or null while it is open. */
    String closeReason() {
        ShutdownSignalException signal = closedBy.get();
        return signal == null ? null : String.valueOf(signal.getReason());
    }

    @Override
    public void close() {
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException e) {
            // The connection may already be gone with the broker's close; nothing is left to release.
        }
    }
}
