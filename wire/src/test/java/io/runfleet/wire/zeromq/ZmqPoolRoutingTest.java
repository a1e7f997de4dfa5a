package io.runfleet.wire.zeromq;

import io.runfleet.wire.testing.ManualSubscriber;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.runfleet.wire.zeromq.TestConnectors.freePort;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pools over real loopback sockets: a router hands a message of a pool only to dealers that granted credit in that
 * pool, and one without a pool only to dealers without one; messages of a pool that has no dealer wait without
 * holding back anything else, and go out once a dealer of their pool asks.
 */
@Timeout(value = 20, unit = SECONDS)
class ZmqPoolRoutingTest {

    private final TestConnectors connectors = new TestConnectors();

    @AfterEach
    void closeAll() {
        connectors.close();
    }

    @Test
    void eachMessageReachesOnlyDealersOfItsOwnPoolOrOnlyDealersWithoutOne() {
        int port = freePort();
        QueuePublisher requests = QueuePublisher.into(connector().getSubscriber(router(port)));
        ManualSubscriber plain = ManualSubscriber.on(connector().getPublisher(dealer(port, null)));
        ManualSubscriber ofA = ManualSubscriber.on(connector().getPublisher(dealer(port, "study-a")));
        ManualSubscriber ofB = ManualSubscriber.on(connector().getPublisher(dealer(port, "study-b")));
        plain.request(100);
        ofA.request(100);
        ofB.request(100);

        int n = 30;
        for (int i = 0; i < n; i++) {
            requests.emit("plain-" + i);
            requests.emitInPool("a-" + i, "study-a");
            requests.emitInPool("b-" + i, "study-b");
        }

        await().until(() -> plain.received.size() + ofA.received.size() + ofB.received.size() == 3 * n);
        assertThat(plain.texts()).containsExactlyElementsOf(numbered("plain-", n));
        assertThat(ofA.texts()).containsExactlyElementsOf(numbered("a-", n));
        assertThat(ofB.texts()).containsExactlyElementsOf(numbered("b-", n));
    }

    @Test
    void messagesOfAPoolWithoutDealersWaitWithoutHoldingBackOthersAndGoToTheFirstDealerOfThatPool() {
        int port = freePort();
        QueuePublisher requests = QueuePublisher.into(connector().getSubscriber(router(port)));
        ManualSubscriber plain = ManualSubscriber.on(connector().getPublisher(dealer(port, null)));
        ManualSubscriber ofB = ManualSubscriber.on(connector().getPublisher(dealer(port, "study-b")));
        plain.request(100);
        ofB.request(100);

        List<QueuePublisher.Tracked> waiting = IntStream.range(0, 5)
                .mapToObj(i -> requests.emitInPool("a-" + i, "study-a")).toList();
        requests.emit("plain-0");
        requests.emitInPool("b-0", "study-b");
        requests.emit("plain-1");

        // what was sent after the pool's messages arrives while they wait: nothing of theirs went anywhere
        await().until(() -> plain.received.size() == 2 && ofB.received.size() == 1);
        assertThat(plain.texts()).containsExactly("plain-0", "plain-1");
        assertThat(ofB.texts()).containsExactly("b-0");
        assertThat(waiting).noneMatch(message -> message.acked().isDone() || message.nacked().isDone());

        ManualSubscriber ofA = ManualSubscriber.on(connector().getPublisher(dealer(port, "study-a")));
        ofA.request(100);

        await().until(() -> ofA.received.size() == 5);
        assertThat(ofA.texts()).containsExactlyElementsOf(numbered("a-", 5));
        assertThat(waiting).allMatch(message -> message.acked().isDone());
        assertThat(plain.received).hasSize(2);
        assertThat(ofB.received).hasSize(1);
    }

    @Test
    void aDealerOfAPoolWhoseCreditRanOutTakesNoMessageOfAnotherLane() {
        int port = freePort();
        QueuePublisher requests = QueuePublisher.into(connector().getSubscriber(router(port)));
        ManualSubscriber ofA = ManualSubscriber.on(connector().getPublisher(dealer(port, "study-a")));
        ManualSubscriber plain = ManualSubscriber.on(connector().getPublisher(dealer(port, null)));
        ofA.request(1);
        plain.request(1);

        requests.emit("plain-0");
        requests.emit("plain-1");
        requests.emitInPool("a-0", "study-a");
        requests.emitInPool("a-1", "study-a");
        await().until(() -> ofA.received.size() == 1 && plain.received.size() == 1);
        plain.request(1);
        ofA.request(1);

        await().until(() -> ofA.received.size() == 2 && plain.received.size() == 2);
        assertThat(ofA.texts()).containsExactly("a-0", "a-1");
        assertThat(plain.texts()).containsExactly("plain-0", "plain-1");
    }

    @Test
    void aPoolThatCannotBeOneIsRefusedAtStartNamingTheAttribute() {
        assertThatThrownBy(() -> connector().getPublisher(dealer(freePort(), "study a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'pool'").hasMessageContaining("letters, digits");
        Map<String, String> outgoing = new HashMap<>(common("dealer", freePort()));
        outgoing.put("pool", "study-a");
        assertThatThrownBy(() -> connector().getSubscriber(new MapConfig(outgoing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pool' only applies to incoming dealer channels");
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    private ZmqConnector connector() {
        return connectors.connector();
    }

    private static Map<String, String> common(String socket, int port) {
        return Map.of("channel-name", "run-requests", "socket", socket, "endpoint", "tcp://127.0.0.1:" + port,
                "heartbeat-interval", "100", "heartbeat-timeout", "600", "ack-timeout", "2000");
    }

    private static MapConfig router(int port) {
        return new MapConfig(common("router", port));
    }

    private static MapConfig dealer(int port, String pool) {
        Map<String, String> config = new HashMap<>(common("dealer", port));
        if (pool != null) {
            config.put("pool", pool);
        }
        return new MapConfig(config);
    }
}
