package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.testing.ManualSubscriber;
import io.runfleet.wire.testing.RabbitMqBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The credit connector against the RabbitMQ running here: the broker hands out no more messages than were
 * asked for, acking one does not pull another, a refused message is dead-lettered with its reason, and a
 * connection the broker closes is replaced without losing or double-acking anything.
 */
class CreditConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Long enough for the broker to push a message it was free to push; no timing is asserted. */
    private static final Duration SETTLE = Duration.ofMillis(700);

    private final String prefix = "runfleet.test-credit-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private RabbitMqTopology topology;
    private RabbitMqBroker broker;
    private BrokerConnections connections;
    private DeadLetters deadLetters;
    private CreditConsumer consumer;

    @BeforeEach
    void declareTopology() throws Exception {
        broker = RabbitMqBroker.connect();
        connections = LocalBroker.connections();
        topology = RabbitMqTopology.prefixed(prefix, 5);
        try (var connection = connections.open("test topology"); var channel = connection.createChannel()) {
            topology.declareAll(channel);
        }
        deadLetters = new DeadLetters(connections, topology, "credit-test");
    }

    @AfterEach
    void deleteTopology() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        deadLetters.close();
        broker.deleteTopology(prefix);
        broker.close();
    }

    @Test
    void takesOnlyAsManyMessagesAsRequestedAndAnAckDoesNotPullAnother() throws Exception {
        publishRequests(5);
        ManualSubscriber subscriber = subscribe();

        subscriber.request(2);
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 2);
        Thread.sleep(SETTLE.toMillis());
        assertThat(subscriber.received).hasSize(2);
        assertThat(broker.readyCount(requestQueue())).isEqualTo(3);

        // the claim: acked while the "runs" go on; the broker must not send more
        subscriber.received.forEach(Message::ack);
        Thread.sleep(SETTLE.toMillis());
        assertThat(subscriber.received).hasSize(2);
        assertThat(broker.readyCount(requestQueue())).isEqualTo(3);

        subscriber.request(1);
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 3);
        Thread.sleep(SETTLE.toMillis());
        assertThat(subscriber.received).hasSize(3);
        assertThat(subscriber.texts()).containsExactly("request-0", "request-1", "request-2");
        assertThat(broker.readyCount(requestQueue())).isEqualTo(2);
    }

    @Test
    void aNackedMessageIsDeadLetteredWithTheConsumersReason() throws Exception {
        broker.publish(topology.exchangeOf(BrokerRole.SCHEDULER), "run-requests", "not json at all");
        ManualSubscriber subscriber = subscribe();

        subscriber.request(1);
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 1);
        subscriber.received.get(0).nack(new MalformedMessageException("unreadable RunRequest: not JSON"))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        GetResponse dead = awaitMessage(topology.deadLetterQueue());
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json at all");
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(String.valueOf(headers.get(DeadLetters.REASON_HEADER))).isEqualTo("unreadable RunRequest: not JSON");
        assertThat(String.valueOf(headers.get(DeadLetters.QUEUE_HEADER))).isEqualTo(requestQueue());
        assertThat(String.valueOf(headers.get(DeadLetters.CONSUMER_HEADER))).startsWith("credit-test@");
        assertThat(broker.readyCount(requestQueue())).isZero();
    }

    @Test
    void aConnectionClosedByTheBrokerIsReplacedAndAStaleAckTouchesNothing() throws Exception {
        publishRequests(2);
        ManualSubscriber subscriber = subscribe();
        subscriber.request(1);
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 1);
        Message<byte[]> held = subscriber.received.get(0);

        closeConnectionFromTheBroker(requestQueue() + " consumer");

        // the broker took the unacked delivery back and hands it out again to the next request, which is
        // served on a new connection
        subscriber.request(1);
        await().atMost(PATIENCE).until(() -> subscriber.received.size() == 2);
        assertThat(subscriber.texts()).containsExactly("request-0", "request-0");
        // delivery tags restart on every channel: acking the old delivery must not ack the new one
        held.ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
        consumer.close();
        consumer = null;
        await().atMost(PATIENCE).until(() -> broker.readyCount(requestQueue()) == 2);
    }

    private ManualSubscriber subscribe() {
        consumer = new CreditConsumer("run-requests", requestQueue(), connections, deadLetters);
        return ManualSubscriber.on(consumer.stream());
    }

    private void publishRequests(int count) throws IOException {
        for (int i : IntStream.range(0, count).toArray()) {
            broker.publish(topology.exchangeOf(BrokerRole.SCHEDULER), "run-requests", "request-" + i);
        }
    }

    private String requestQueue() {
        return topology.queueOf("run-requests");
    }

    private GetResponse awaitMessage(String queue) {
        GetResponse[] found = new GetResponse[1];
        await().atMost(PATIENCE).until(() -> {
            found[0] = broker.take(queue).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** As an operator (or a consumer timeout) would: the broker ends the connection named so. */
    private static void closeConnectionFromTheBroker(String connectionName) throws Exception {
        String listing = rabbitmqctl(List.of("list_connections", "--no-table-headers", "-q", "pid", "client_properties"));
        String line = listing.lines().filter(l -> l.contains(connectionName)).findFirst()
                .orElseThrow(() -> new AssertionError("no connection named '" + connectionName + "' in\n" + listing));
        String pid = line.substring(0, line.indexOf('>') + 1).trim();
        rabbitmqctl(List.of("close_connection", pid, "closed by the test"));
    }

    private static String rabbitmqctl(List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl %s finished", arguments).isTrue();
        assertThat(process.exitValue()).as("rabbitmqctl %s: %s", arguments, output).isZero();
        return output;
    }
}
