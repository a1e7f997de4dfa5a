package io.runfleet.wire.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.messaging.PoolMetadata;
import io.runfleet.wire.testing.ManualSubscriber;
import io.runfleet.wire.testing.RabbitMqBroker;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pools over the RabbitMQ running here: the scheduler's side declares a pool's queue before its first request and
 * routes the pool's requests there; a credit consumer of the pool takes only those, one without a pool only the
 * others; a pool without consumers holds back nothing; a refused request of a pool dead-letters as a run request;
 * the queue goes when the pool's study has ended.
 */
class RabbitMqPoolRoutingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String prefix = "runfleet.test-pools-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final List<CreditConsumer> consumers = new ArrayList<>();
    private RabbitMqTopology topology;
    private RabbitMqBroker broker;
    private BrokerConnections connections;
    private DeadLetters deadLetters;
    private PoolQueues pools;

    @BeforeEach
    void declareTopology() throws Exception {
        broker = RabbitMqBroker.connect();
        connections = LocalBroker.connections();
        topology = RabbitMqTopology.prefixed(prefix, 5);
        broker.declareAll(topology);
        deadLetters = new DeadLetters(connections, topology, "pool-test");
        pools = new PoolQueues(true, connections, topology);
    }

    @AfterEach
    void deleteTopology() throws Exception {
        consumers.forEach(CreditConsumer::close);
        pools.ended("study-a");
        pools.ended("study-b");
        pools.close();
        deadLetters.close();
        broker.deleteTopology(prefix);
        broker.close();
    }

    @Test
    void eachRequestReachesOnlyConsumersOfItsPoolOrOnlyThoseWithoutOne() throws Exception {
        ManualSubscriber plain = subscribe(null);
        ManualSubscriber ofA = subscribe("study-a");
        plain.request(100);
        ofA.request(100);

        for (int i = 0; i < 5; i++) {
            publish(null, "plain-" + i);
            publish("study-a", "a-" + i);
            // a pool nobody consumes yet: its requests wait in its queue and hold back nothing
            publish("study-b", "b-" + i);
        }

        await().atMost(PATIENCE).until(() -> plain.received.size() == 5 && ofA.received.size() == 5);
        assertThat(plain.texts()).containsExactly("plain-0", "plain-1", "plain-2", "plain-3", "plain-4");
        assertThat(ofA.texts()).containsExactly("a-0", "a-1", "a-2", "a-3", "a-4");
        await().atMost(PATIENCE).until(() -> broker.readyCount(topology.poolQueueOf("study-b")) == 5);

        ManualSubscriber ofB = subscribe("study-b");
        ofB.request(100);
        await().atMost(PATIENCE).until(() -> ofB.received.size() == 5);
        assertThat(ofB.texts()).containsExactly("b-0", "b-1", "b-2", "b-3", "b-4");
        assertThat(plain.received).hasSize(5);
        assertThat(ofA.received).hasSize(5);
    }

    @Test
    void aPoolsRouteCarriesItsPoolAndItsRoutingKey() {
        Metadata route = pools.routeTo("study-a");

        assertThat(route.get(PoolMetadata.class)).contains(new PoolMetadata("study-a"));
        assertThat(route.get(OutgoingRabbitMQMetadata.class)).get()
                .extracting(OutgoingRabbitMQMetadata::getRoutingKey).isEqualTo("run-requests.study-a");
        assertThat(new PoolQueues(false, connections, topology).routeTo("study-a").get(OutgoingRabbitMQMetadata.class))
                .as("over ZeroMQ: the pool alone").isEmpty();
    }

    @Test
    void aRefusedRequestOfAPoolIsDeadLetteredAsARunRequest() throws Exception {
        ManualSubscriber ofA = subscribe("study-a");
        publish("study-a", "not json");
        ofA.request(1);
        await().atMost(PATIENCE).until(() -> ofA.received.size() == 1);

        ofA.received.get(0).nack(new MalformedMessageException("unreadable RunRequest"))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);

        GetResponse dead = awaitMessage(topology.queueOf("run-dead-letters"));
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(String.valueOf(headers.get(DeadLetters.QUEUE_HEADER))).isEqualTo(topology.queueOf("run-requests"));
        assertThat(broker.readyCount(topology.poolQueueOf("study-a"))).isZero();
    }

    @Test
    void aPoolsQueueGoesWhenItsStudyHasEndedAndComesBackWithTheNextRequest() throws Exception {
        publish("study-a", "a-0");
        await().atMost(PATIENCE).until(() -> broker.readyCount(topology.poolQueueOf("study-a")) == 1);

        pools.ended("study-a");

        assertThatThrownBy(() -> broker.readyCount(topology.poolQueueOf("study-a"))).isInstanceOf(IOException.class);
        broker.close();
        broker = RabbitMqBroker.connect(); // the failed passive declaration closed its channel
        publish("study-a", "a-1");
        await().atMost(PATIENCE).until(() -> broker.readyCount(topology.poolQueueOf("study-a")) == 1);
    }

    private ManualSubscriber subscribe(String pool) {
        String queue = topology.queueOf("run-requests");
        CreditConsumer consumer = new CreditConsumer("run-requests", pool == null ? queue : topology.poolQueueOf(pool),
                queue, connections, deadLetters);
        consumers.add(consumer);
        return ManualSubscriber.on(consumer.stream());
    }

    /** As the scheduler publishes: a pool's request declares its queue first and goes with the pool's key. */
    private void publish(String pool, String body) throws IOException {
        String key = pool == null ? "run-requests"
                : pools.routeTo(pool).get(OutgoingRabbitMQMetadata.class).orElseThrow().getRoutingKey();
        broker.publish(topology.exchangeOf(BrokerRole.SCHEDULER), key, body);
    }

    private GetResponse awaitMessage(String queue) {
        GetResponse[] found = new GetResponse[1];
        await().atMost(PATIENCE).until(() -> {
            found[0] = broker.take(queue).orElse(null);
            return found[0] != null;
        });
        return found[0];
    }
}
