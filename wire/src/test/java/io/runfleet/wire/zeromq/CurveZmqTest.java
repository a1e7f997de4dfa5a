package io.runfleet.wire.zeromq;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.runfleet.wire.security.CurveKeyPair;
import io.runfleet.wire.testing.ManualSubscriber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * CurveZMQ on real loopback sockets: only authorised client keys reach a router or a publisher, a key's
 * role decides which channels it may use, and plain text is refused where other hosts could listen.
 * Absence is proven by events: the refused client's own socket reports the failed authentication, and
 * the work it asked for goes to the authorised peer.
 */
@Timeout(value = 30, unit = SECONDS)
class CurveZmqTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aDealerWithAnUnknownKeyIsNeverWelcomedWhileAnAuthorisedOneGetsEveryMessage() {
        String endpoint = loopback(freePort());
        QueuePublisher requests = QueuePublisher.into(process(TestCurve.settings())
                .getSubscriber(config("run-requests", "router", endpoint)));
        CurveKeyPair stranger = CurveKeyPair.generate();
        ManualSubscriber strangerAgent = ManualSubscriber.on(process(TestCurve.settings(stranger))
                .getPublisher(config("run-requests", "dealer", endpoint)));
        strangerAgent.request(10);
        RawClient raw = rawClient(SocketType.DEALER, stranger, endpoint);
        raw.send(Frames.of(Command.HELLO, "stranger", 1));
        raw.send(Frames.of(Command.CREDIT, "run-requests", 10));

        ManualSubscriber agent = ManualSubscriber.on(process(TestCurve.settings())
                .getPublisher(config("run-requests", "dealer", endpoint)));
        agent.request(10);
        List<QueuePublisher.Tracked> sent = IntStream.range(0, 3).mapToObj(i -> requests.emit("run-" + i)).toList();

        await().atMost(PATIENCE).until(() -> agent.received.size() == 3 && raw.refused());
        assertThat(agent.texts()).containsExactly("run-0", "run-1", "run-2");
        assertThat(sent).allMatch(tracked -> tracked.acked().isDone());
        assertThat(strangerAgent.received).as("messages to the dealer with an unknown key").isEmpty();
        assertThat(raw.receivedNothing()).as("no WELCOME, no message to the raw dealer with an unknown key").isTrue();
    }

    @Test
    void aSubscriberWithAnUnknownKeyReceivesNothingWhileAnAuthorisedOneHearsTheBroadcast() {
        String endpoint = loopback(freePort());
        QueuePublisher events = QueuePublisher.into(process(TestCurve.settings())
                .getSubscriber(config("run-events", "pub", endpoint)));
        ManualSubscriber listener = ManualSubscriber.on(process(TestCurve.settings())
                .getPublisher(config("run-events", "sub", endpoint)));
        listener.request(Long.MAX_VALUE);
        CurveKeyPair stranger = CurveKeyPair.generate();
        ManualSubscriber eavesdropper = ManualSubscriber.on(process(TestCurve.settings(stranger))
                .getPublisher(config("run-events", "sub", endpoint)));
        eavesdropper.request(Long.MAX_VALUE);
        RawClient raw = rawClient(SocketType.SUB, stranger, endpoint);

        // a subscriber joins late (ZeroMQ's slow joiner): publish until the authorised one has heard plenty
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            events.emit("event");
            return listener.received.size() >= 20 && raw.refused();
        });
        assertThat(eavesdropper.received).as("events at the subscriber with an unknown key").isEmpty();
        assertThat(raw.receivedNothing()).as("events at the raw subscriber with an unknown key").isTrue();
    }

    @Test
    void anAuthorisedKeyWithTheWrongRoleIsRefusedWithTheReasonAndLoggedOnce() {
        String endpoint = loopback(freePort());
        ZmqConnector scheduler = process(TestCurve.settings());
        ManualSubscriber completions = acking(scheduler, "run-completed", endpoint, "results");
        ManualSubscriber reports = acking(scheduler, "agent-reports", endpoint, "agent");

        try (LogCapture log = LogCapture.warningsOf(RouterLoop.class)) {
            QueuePublisher forger = QueuePublisher.into(process(TestCurve.settings())
                    .getSubscriber(config("run-completed", "dealer", endpoint)));
            List<QueuePublisher.Tracked> forged = IntStream.range(0, 3).mapToObj(i -> forger.emit("forged-" + i))
                    .toList();
            QueuePublisher.Tracked report = QueuePublisher.into(process(TestCurve.settings())
                    .getSubscriber(config("agent-reports", "dealer", endpoint))).emit("report");
            QueuePublisher.Tracked completion = QueuePublisher.into(process(TestCurve.settings(TestCurve.RESULTS))
                    .getSubscriber(config("run-completed", "dealer", endpoint))).emit("completion");

            await().atMost(PATIENCE).until(() -> forged.stream().allMatch(t -> t.nacked().isDone())
                    && report.acked().isDone() && completion.acked().isDone());
            assertThat(forged.get(0).nacked().join()).isInstanceOf(RefusedByReceiverException.class)
                    .hasMessageContaining("role 'agent'").hasMessageContaining("run-completed")
                    .hasMessageContaining("[results]");
            // Delivery is at least once: on a loaded machine an ack slower than ack-timeout brings a second copy.
            // What matters is that no forged message got through.
            assertThat(completions.texts()).containsOnly("completion");
            assertThat(reports.texts()).containsOnly("report");
            assertThat(log.warningsContaining("refused: a peer with role 'agent'"))
                    .as("one warning for three forged messages").hasSize(1);
        }
    }

    @Test
    void aForgerResendingTheSameMessageIsNackedEachTimeAndLoggedOnce() {
        String endpoint = loopback(freePort());
        ZmqConnector scheduler = process(TestCurve.settings());
        ManualSubscriber completions = acking(scheduler, "run-completed", endpoint, "results");
        // agents may connect (they report here), but not complete runs
        acking(scheduler, "agent-reports", endpoint, "agent");
        try (LogCapture log = LogCapture.warningsOf(RouterLoop.class)) {
            RawClient forger = rawClient(SocketType.DEALER, TestCurve.PAIR, endpoint);
            for (int resend = 0; resend < 3; resend++) {
                forger.send(Frames.of(Command.MSG, "run-completed", "m-1", Frames.text("forged")));
                List<byte[]> nack = forger.await(Command.NACK);
                assertThat(Frames.asText(nack.get(4))).isEqualTo("terminal");
                assertThat(Frames.asText(nack.get(5))).contains("may not send on channel 'run-completed'");
            }
            assertThat(completions.received).isEmpty();
            assertThat(log.warningsContaining("refused: a peer with role 'agent'")).hasSize(1);
        }
    }

    @Test
    void plainTextOnAnAddressOtherHostsReachIsRefusedAtStartNamingTheSettings() {
        ZmqConnector plain = process(CurveSettings.plainText(false));
        String wildcard = "tcp://*:" + freePort();

        assertThatThrownBy(() -> plain.getSubscriber(config("run-requests", "router", wildcard)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(wildcard)
                .hasMessageContaining(CurveSettings.ENABLED + "=true")
                .hasMessageContaining(CurveSettings.INSECURE + "=true");
        String loopback = loopback(freePort());
        QueuePublisher.into(plain.getSubscriber(config("run-requests", "router", loopback)));
        QueuePublisher.into(process(CurveSettings.plainText(true))
                .getSubscriber(config("run-events", "pub", "tcp://*:" + freePort())));
    }

    // --- fixtures -------------------------------------------------------------------------------

    private ZmqConnector process(CurveSettings curve) {
        ZmqConnector connector = new ZmqConnector(curve);
        toClose.add(connector);
        return connector;
    }

    /** An incoming router channel for {@code roles} whose messages are acked and kept. */
    private static ManualSubscriber acking(ZmqConnector process, String channel, String endpoint, String roles) {
        ManualSubscriber subscriber = ManualSubscriber.on(process.getPublisher(
                config(channel, "router", endpoint, Map.of("roles", roles))), Message::ack);
        subscriber.request(Long.MAX_VALUE);
        return subscriber;
    }

    private static MapConfig config(String channel, String socket, String endpoint) {
        return config(channel, socket, endpoint, Map.of());
    }

    private static MapConfig config(String channel, String socket, String endpoint, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("channel-name", channel, "socket", socket,
                "endpoint", endpoint, "heartbeat-interval", "100", "heartbeat-timeout", "600",
                "ack-timeout", "2000"));
        values.putAll(extra);
        return new MapConfig(values);
    }

    private RawClient rawClient(SocketType type, CurveKeyPair own, String endpoint) {
        RawClient client = new RawClient(type, own, endpoint);
        toClose.add(client);
        return client;
    }

    /** A bare client socket with a monitor that tells when the server refused its key. */
    private static final class RawClient implements AutoCloseable {
        private final ZContext context = new ZContext();
        private final ZMQ.Socket socket;
        private final ZMonitor monitor;
        private volatile boolean refused;

        RawClient(SocketType type, CurveKeyPair own, String endpoint) {
            socket = context.createSocket(type);
            socket.setHandshakeIvl(1000);
            socket.setReceiveTimeOut(200);
            TestCurve.client(socket, own);
            if (type == SocketType.SUB) {
                socket.subscribe(new byte[0]);
            }
            monitor = new ZMonitor(context, socket);
            monitor.add(ZMonitor.Event.HANDSHAKE_FAILED_AUTH);
            monitor.start();
            socket.connect(endpoint);
        }

        void send(List<byte[]> frames) {
            SocketLoop.send(socket, frames);
        }

        /** Whether the server has refused this key (at least once). */
        boolean refused() {
            if (!refused) {
                refused = monitor.nextEvent(0) != null;
            }
            return refused;
        }

        boolean receivedNothing() {
            return socket.recv(ZMQ.DONTWAIT) == null;
        }

        List<byte[]> await(Command command) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                List<byte[]> frames = new ArrayList<>();
                byte[] first = socket.recv(0);
                if (first == null) {
                    continue;
                }
                frames.add(first);
                while (socket.hasReceiveMore()) {
                    frames.add(socket.recv(0));
                }
                if (frames.size() > 1 && Frames.asText(frames.get(1)).equals(command.name())) {
                    return frames;
                }
            }
            throw new AssertionError("no " + command + " within " + PATIENCE);
        }

        @Override
        public void close() {
            monitor.close();
            context.close();
        }
    }

    private static String loopback(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
