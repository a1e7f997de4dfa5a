package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.rabbitmq.RabbitMqTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ side of the transport contract: publishes to the exchange of each channel's producer
 * ({@code runfleet.from-scheduler} for run requests, {@code runfleet.from-agents} for results) in the class's
 * virtual host, as the services and agents do, with publisher confirms. Over RabbitMQ a malformed
 * message ends in {@code runfleet.dead-letter} with headers saying why ({@code x-runfleet-reason}) and
 * from which queue ({@code x-runfleet-queue}).
 */
final class RabbitMqProbe implements TransportProbe {

    /** The services' default names; the virtual host keeps them apart from other classes. */
    static final RabbitMqTopology TOPOLOGY = RabbitMqTopology.defaults();
    /** The services' default queue prefix; the virtual host keeps the names apart from other classes. */
    static final String QUEUE_PREFIX = "runfleet.";
    static final String DEAD_LETTER_QUEUE = "runfleet.dead-letter";
    static final String REASON_HEADER = "x-runfleet-reason";
    static final String QUEUE_HEADER = "x-runfleet-queue";

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    /** Generous: dead-lettering takes well under a second; a busy two-core machine must not make it flaky. */
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** Enough failing dead letters to see the pattern, few enough to read. */
    private static final int PROBLEMS_SHOWN = 5;
    /** What the connector writes for a {@code byte[]} payload. */
    private static final AMQP.BasicProperties BYTES = new AMQP.BasicProperties.Builder()
            .contentType("application/octet-stream")
            .deliveryMode(2)
            .build();

    private static final InboundTarget RUN_REQUESTS =
            new InboundTarget(Channels.RUN_REQUESTS, RunRequest.class, "runId");
    private static final InboundTarget RUN_RESULTS = new InboundTarget(Channels.RUN_RESULTS, RunResult.class, "runId");

    private final RabbitMqBroker broker;
    private final Connection connection;
    private final Channel channel;
    /** Messages the broker handed back as unroutable (published with {@code mandatory}). */
    private final List<String> returned = new CopyOnWriteArrayList<>();

    private RabbitMqProbe(RabbitMqBroker broker, Connection connection, Channel channel) {
        this.broker = broker;
        this.connection = connection;
        this.channel = channel;
        channel.addReturnListener(message -> returned.add(message.getRoutingKey() + ": " + message.getReplyText()));
    }

    static RabbitMqProbe open(RabbitMqBroker broker) {
        try {
            Connection connection = broker.connectionFactory().newConnection("transport-contract-probe");
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            return new RabbitMqProbe(broker, connection, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("the probe cannot connect to " + broker, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the probe timed out connecting to " + broker, e);
        }
    }

    @Override
    public List<InboundTarget> malformedTargets() {
        return List.of(RUN_REQUESTS, RUN_RESULTS);
    }

    /**
     * Settled means gone from the queue, neither ready nor unacknowledged; acknowledged rather than
     * refused means the dead-letter queue did not grow.
     */
    @Override
    public void deliverRunResult(byte[] payload) {
        long deadLettersBefore = deadLetterCount();
        publish(Channels.RUN_RESULTS, payload);
        awaitConfirms();
        String queue = QUEUE_PREFIX + Channels.RUN_RESULTS;
        await("the results service settled the result delivered on " + queue)
                .atMost(SETTLE_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> broker.queueMessageCounts().getOrDefault(queue, -1L) == 0);
        assertThat(deadLetterCount()).as("messages in %s after delivering a result once more: the results service "
                + "acknowledges a duplicate, it does not refuse it", DEAD_LETTER_QUEUE).isEqualTo(deadLettersBefore);
    }

    @Override
    public void sendMalformed(List<MalformedMessage> messages) {
        messages.forEach(message -> publish(message.target().channel(), message.payload()));
        awaitConfirms();
    }

    @Override
    public void assertMalformedHandled(List<MalformedMessage> messages) {
        await(messages.size() + " messages in " + DEAD_LETTER_QUEUE + " of vhost " + broker.virtualHost())
                .atMost(DEAD_LETTER_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deadLetterCount() >= messages.size());
        // Read them all before judging any, so that the queue is left empty whatever the verdict.
        List<DeadLetter> letters = drainDeadLetters();
        Map<Integer, MalformedMessage> sent = MalformedMessages.byNumber(messages);

        assertThat(letters).extracting(DeadLetter::number).as("markers of the dead letters in %s", DEAD_LETTER_QUEUE)
                .containsExactlyInAnyOrderElementsOf(sent.keySet());
        List<String> problems = letters.stream()
                .map(letter -> problemOf(letter, sent.get(letter.number())))
                .filter(Objects::nonNull)
                .toList();
        assertThat(problems.size()).as("dead letters of %d that do not say why (%s) and where (%s) they died; the "
                        + "first: %s", letters.size(), REASON_HEADER, QUEUE_HEADER,
                problems.subList(0, Math.min(problems.size(), PROBLEMS_SHOWN))).isZero();
    }

    /** What is wrong with the dead letter of {@code message}, or null if it says why and where it died. */
    private static String problemOf(DeadLetter letter, MalformedMessage message) {
        String where = QUEUE_PREFIX + message.target().channel();
        if (letter.reason() == null || !message.kind().isNamedBy(letter.reason()) || !where.equals(letter.queue())) {
            return message + ": " + REASON_HEADER + "=" + letter.reason() + ", " + QUEUE_HEADER + "=" + letter.queue()
                    + " (expected " + where + "), headers " + letter.headerNames();
        }
        return null;
    }

    private void publish(String routingKey, byte[] payload) {
        String exchange = TOPOLOGY.exchangeOfChannel(routingKey);
        try {
            channel.basicPublish(exchange, routingKey, true, BYTES, payload);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing to " + exchange + " with key " + routingKey + " failed", e);
        }
    }

    private void awaitConfirms() {
        try {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("the broker refused a message published by the probe", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker confirmed nothing within " + CONFIRM_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for publisher confirms", e);
        }
        // A return comes before the confirm of the same message, so every one is in by now.
        assertThat(returned).as("messages that could not route (is the consumer's queue declared?)").isEmpty();
    }

    /** Ready messages; nothing consumes the dead-letter queue, so that is all of them. */
    private long deadLetterCount() {
        try {
            return channel.messageCount(DEAD_LETTER_QUEUE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the messages of " + DEAD_LETTER_QUEUE, e);
        }
    }

    private List<DeadLetter> drainDeadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        try {
            for (GetResponse response = channel.basicGet(DEAD_LETTER_QUEUE, true); response != null;
                    response = channel.basicGet(DEAD_LETTER_QUEUE, true)) {
                letters.add(DeadLetter.of(response));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEAD_LETTER_QUEUE, e);
        }
        return letters;
    }

    /** What the test reads of one dead letter: its marker (-1 if none) and the headers in question. */
    private record DeadLetter(int number, String reason, String queue, Set<String> headerNames) {

        static DeadLetter of(GetResponse response) {
            Map<String, Object> headers = response.getProps().getHeaders() == null
                    ? Map.of() : response.getProps().getHeaders();
            return new DeadLetter(MalformedMessage.numberIn(response.getBody()).orElse(-1),
                    text(headers.get(REASON_HEADER)), text(headers.get(QUEUE_HEADER)), new TreeSet<>(headers.keySet()));
        }

        /** Header strings arrive as {@code LongString}, whose text is its value. */
        private static String text(Object header) {
            return header == null ? null : header.toString();
        }
    }

    @Override
    public void close() {
        try {
            if (connection.isOpen()) {
                connection.close();
            }
        } catch (IOException e) {
            // The broker already closed it; nothing is left to release.
        }
    }
}
