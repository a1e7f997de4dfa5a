package io.runfleet.wire.zeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that knows only the router's address learns the publisher's from the router's advertisement
 * and receives what is published there: how agents find the scheduler's control broadcast. Loopback only.
 */
class PubSubDiscoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    @SuppressWarnings("unchecked")
    void aSubscriberDiscoversThePublisherThroughTheRouterAndReceivesItsBroadcast() throws IOException {
        String router = "tcp://127.0.0.1:" + freePort();
        String publisher = "tcp://127.0.0.1:" + freePort();
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        try (ZmqConnector connector = TestCurve.connector()) {
            connector.getSubscriber(new MapConfig(Map.of("channel-name", "run-requests", "socket", "router",
                    "endpoint", router, "advertise", "control=" + publisher)));
            Flow.Subscriber<Message<?>> broadcast = (Flow.Subscriber<Message<?>>) connector.getSubscriber(
                    new MapConfig(Map.of("channel-name", "agent-control", "socket", "pub", "endpoint", publisher)));
            broadcast.onSubscribe(new IgnoredSubscription());
            Flow.Publisher<Message<?>> subscribed = (Flow.Publisher<Message<?>>) connector.getPublisher(
                    new MapConfig(Map.of("channel-name", "agent-control", "socket", "sub", "endpoint", router,
                            "discover", "control")));
            subscribed.subscribe(new Collector(received));

            // PUB/SUB drops what is published before the subscription reached the publisher: publish until
            // one arrives, as the scheduler's repeated cancels do
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                broadcast.onNext(Message.of("cancel r1".getBytes(StandardCharsets.UTF_8)));
                return !received.isEmpty();
            });
        }
        assertThat(received).allMatch("cancel r1"::equals);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static final class IgnoredSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            // the test pushes messages itself
        }

        @Override
        public void cancel() {
        }
    }

    private static final class Collector implements Flow.Subscriber<Message<?>> {
        private final ConcurrentLinkedQueue<String> received;

        Collector(ConcurrentLinkedQueue<String> received) {
            this.received = received;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Message<?> message) {
            received.add(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }
    }
}
