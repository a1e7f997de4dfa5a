package io.runfleet.wire.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.runfleet.wire.messaging.Refusals;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Moves a message a consumer refused to the dead-letter queue <em>with the consumer's reason</em>. RabbitMQ's
 * own dead-lettering (reject without requeue) only records {@code rejected}; here the message is published
 * again, body and properties unchanged, with headers saying why, where from and who refused it, and the
 * caller acks the original once the broker confirmed the copy. If the copy cannot be confirmed the caller
 * rejects the original instead, so the broker still dead-letters it (without the reason): nothing is lost.
 */
@ApplicationScoped
public class DeadLetters {

    /** Why the consumer refused the message, e.g. {@code unreadable RunResult: Unrecognized token 'x'}. */
    public static final String REASON_HEADER = "x-runfleet-reason";
    /** The queue the message was taken from. */
    public static final String QUEUE_HEADER = "x-runfleet-queue";
    /** Which process refused it: {@code <purpose>@<host>}. */
    public static final String CONSUMER_HEADER = "x-runfleet-consumer";
    /** When it was refused, ISO-8601. */
    public static final String TIME_HEADER = "x-runfleet-dead-lettered-at";
    /**
     * {@value #TERMINAL} when the consumer refused the message for good ({@link Refusals#isTerminal}), else
     * {@value #TRANSIENT} (refused for now on its second delivery): what the scheduler makes of a dead run result.
     */
    public static final String REFUSAL_HEADER = "x-runfleet-refusal";
    public static final String TERMINAL = "terminal";
    public static final String TRANSIENT = "transient";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    /** Reasons are for people; a stack of nested causes is cut here. */
    private static final int MAX_REASON_LENGTH = 1000;

    private final BrokerConnections broker;
    private final RabbitMqTopology topology;
    // one thread: the channel is not shared, and confirms are awaited one message at a time
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "runfleet-dead-letters");
        thread.setDaemon(true);
        return thread;
    });
    private Connection connection;
    private Channel channel;

    private final String consumer;

    public DeadLetters(BrokerConnections broker, RabbitMqTopology topology,
                       @ConfigProperty(name = "quarkus.application.name", defaultValue = "runfleet") String application) {
        this.broker = broker;
        this.topology = topology;
        this.consumer = application + "@" + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Publishes a copy of a refused message to the dead-letter exchange, routed by its source queue.
     * Completes once the broker confirmed it; fails if it could not be published.
     */
    public CompletionStage<Void> publish(String queue, byte[] body, BasicProperties properties, Throwable refusal) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        String reason = Refusals.reason(refusal);
        boolean terminal = Refusals.isTerminal(refusal);
        publisher.execute(() -> {
            try {
                publishConfirmed(queue, body, withReason(properties, queue, reason, terminal, consumer));
                published.complete(null);
            } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
                LOG.warnf("could not dead-letter a message from %s with its reason (%s); the consumer rejects it "
                        + "and the broker dead-letters it as 'rejected'", queue, e);
                closeQuietly();
                published.completeExceptionally(e);
            }
        });
        return published;
    }

    static AMQP.BasicProperties withReason(BasicProperties original, String queue, String reason, boolean terminal,
                                           String consumer) {
        Map<String, Object> headers = original == null || original.getHeaders() == null
                ? new HashMap<>() : new HashMap<>(original.getHeaders());
        headers.put(REASON_HEADER, reason.length() > MAX_REASON_LENGTH
                ? reason.substring(0, MAX_REASON_LENGTH) + "..." : reason);
        headers.put(QUEUE_HEADER, queue);
        headers.put(REFUSAL_HEADER, terminal ? TERMINAL : TRANSIENT);
        headers.put(CONSUMER_HEADER, consumer);
        headers.put(TIME_HEADER, Instant.now().toString());
        AMQP.BasicProperties.Builder copy = new AMQP.BasicProperties.Builder().headers(headers)
                .deliveryMode(PersistentDelivery.PERSISTENT);
        if (original != null) {
            copy.contentType(original.getContentType()).contentEncoding(original.getContentEncoding())
                    .priority(original.getPriority()).correlationId(original.getCorrelationId())
                    .replyTo(original.getReplyTo()).messageId(original.getMessageId())
                    .timestamp(original.getTimestamp()).type(original.getType()).appId(original.getAppId());
            // no expiration: a dead letter waits for a person, however short-lived the original was; no user-id:
            // the broker refuses a user-id that is not the publishing user's
        }
        return copy.build();
    }

    private void publishConfirmed(String queue, byte[] body, AMQP.BasicProperties properties)
            throws IOException, TimeoutException, InterruptedException {
        Channel open = channel();
        open.basicPublish(topology.deadLetterExchange(), queue, properties, body);
        open.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel == null || !channel.isOpen()) {
            closeQuietly();
            connection = broker.open("dead letters");
            channel = connection.createChannel();
            channel.confirmSelect();
        }
        return channel;
    }

    private void closeQuietly() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(2_000);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing the dead-letter connection: %s", e);
        }
        connection = null;
        channel = null;
    }

    @PreDestroy
    void close() {
        publisher.execute(this::closeQuietly);
        publisher.shutdown();
    }
}
