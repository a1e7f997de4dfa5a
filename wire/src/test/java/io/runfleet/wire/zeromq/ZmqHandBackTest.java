package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.ReceiverLost;
import io.runfleet.wire.testing.ManualSubscriber;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * What happens to messages meant for a dealer that stops taking them or is lost, over real loopback sockets: a dealer
 * that withdraws its credit (CREDIT 0) is sent nothing more, and the senders of what a router handed to a dealer that
 * says BYE or falls silent are told at once ({@link ReceiverLost}). Raw sockets play the dealer where its frames are
 * the point; heartbeats are fast (100 ms, gone after 600 ms).
 */
@Timeout(value = 20, unit = SECONDS)
class ZmqHandBackTest {

    private static final String CHANNEL = "run-requests";
    private static final String HEARTBEAT_TIMEOUT = "600";
    private static final String SILENCE_NEVER_SEEN = "60000";

    private final TestConnectors connectors = new TestConnectors();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        connectors.close();
    }

    @Test
    void aDealerThatWithdrawsItsCreditIsSentNothingMoreAndTheNextDealerGetsIt() {
        int port = TestConnectors.freePort();
        QueuePublisher requests = routerOut(port);
        ZMQ.Socket stopping = rawDealer(port, "stopping-instance");
        send(stopping, Frames.of(Command.CREDIT, CHANNEL, 5));
        requests.emit("before");
        assertThat(Frames.asText(awaitCommand(stopping, "MSG").get(4))).isEqualTo("before");

        send(stopping, Frames.of(Command.CREDIT, CHANNEL, 0));
        // frames of one peer are handled in order: the PONG says the withdrawal was handled
        send(stopping, Frames.of(Command.PING, "stopping-instance"));
        awaitCommand(stopping, "PONG");
        QueuePublisher.Tracked after = requests.emit("after");

        // without the withdrawal the stopping dealer, the only one with credit (4 left), would have been sent it
        ManualSubscriber next = ManualSubscriber.on(connectors.connector().getPublisher(dealer(port)));
        next.request(1);
        await().until(() -> next.received.size() == 1);
        assertThat(next.texts()).containsExactly("after");
        assertThat(after.acked()).isDone();
    }

    @Test
    void aConnectorDealerWithdrawsWhatItGrantedWithCreditZero() {
        try (ZContext raw = new ZContext()) {
            ZMQ.Socket router = raw.createSocket(SocketType.ROUTER);
            router.setReceiveTimeOut(200);
            TestCurve.server(router);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            ZmqConnector agent = connectors.connector();
            ManualSubscriber requests = ManualSubscriber.on(agent.getPublisher(dealer(port)));
            requests.request(3);
            assertThat(Frames.asText(welcomeUntilCredit(router).get(4))).isEqualTo("3");

            agent.withdrawCredit(CHANNEL);

            List<byte[]> withdrawal = awaitCommand(router, "CREDIT");
            assertThat(Frames.asText(withdrawal.get(3))).isEqualTo(CHANNEL);
            assertThat(Frames.asText(withdrawal.get(4))).isEqualTo("0");
        }
    }

    @Test
    void theSenderOfAMessageHandedToADealerThatFallsSilentIsToldWithinTheHeartbeatTimeout() {
        int port = TestConnectors.freePort();
        QueuePublisher requests = routerOut(port, HEARTBEAT_TIMEOUT);
        CompletableFuture<String> lost = new CompletableFuture<>();
        try (ZContext raw = new ZContext()) {
            ZMQ.Socket doomed = rawDealer(raw, port, "doomed-instance");
            send(doomed, Frames.of(Command.CREDIT, CHANNEL, 1));
            QueuePublisher.Tracked request = requests.emitWith("unclaimed", new ReceiverLost(lost::complete));
            awaitCommand(doomed, "MSG");
            await().until(() -> request.acked().isDone());
            assertThat(lost).as("told only once the dealer is lost").isNotDone();
        } // gone without BYE, as a process killed with SIGKILL

        String reason = lost.orTimeout(10, SECONDS).join();
        assertThat(reason).contains("fell silent");
    }

    @Test
    void theSenderIsToldWhenTheDealerSaysGoodbyeAndNotForWhatALiveDealerHolds() {
        int port = TestConnectors.freePort();
        QueuePublisher requests = routerOut(port);
        ZMQ.Socket leaving = rawDealer(port, "leaving-instance");
        send(leaving, Frames.of(Command.CREDIT, CHANNEL, 1));
        CompletableFuture<String> leavingLost = new CompletableFuture<>();
        requests.emitWith("to-the-leaving-one", new ReceiverLost(leavingLost::complete));
        awaitCommand(leaving, "MSG");
        ZMQ.Socket staying = rawDealer(port, "staying-instance");
        send(staying, Frames.of(Command.CREDIT, CHANNEL, 1));
        CompletableFuture<String> stayingLost = new CompletableFuture<>();
        requests.emitWith("to-the-staying-one", new ReceiverLost(stayingLost::complete));
        awaitCommand(staying, "MSG");

        send(leaving, Frames.of(Command.BYE, "leaving-instance"));

        assertThat(leavingLost.orTimeout(10, SECONDS).join()).contains("said goodbye");
        // both hooks run on the router's one thread, in order: the staying dealer's was not called with it
        assertThat(stayingLost).isNotDone();
    }

    // --- fixtures -------------------------------------------------------------------------------

    /** The raw dealers send no heartbeats: a timeout this long keeps a slow machine from losing them to silence. */
    private QueuePublisher routerOut(int port) {
        return routerOut(port, SILENCE_NEVER_SEEN);
    }

    private QueuePublisher routerOut(int port, String heartbeatTimeout) {
        Map<String, String> config = new HashMap<>(common("router", port));
        config.put("heartbeat-timeout", heartbeatTimeout);
        return QueuePublisher.into(connectors.connector().getSubscriber(new MapConfig(config)));
    }

    private static MapConfig dealer(int port) {
        return new MapConfig(common("dealer", port));
    }

    private static Map<String, String> common(String socket, int port) {
        return Map.of("channel-name", CHANNEL, "socket", socket, "endpoint", "tcp://127.0.0.1:" + port,
                "heartbeat-interval", "100", "heartbeat-timeout", HEARTBEAT_TIMEOUT, "ack-timeout", "2000");
    }

    /** A raw dealer on a context closed after the test, welcomed by the router. */
    private ZMQ.Socket rawDealer(int port, String instance) {
        ZContext raw = new ZContext();
        toClose.add(raw);
        return rawDealer(raw, port, instance);
    }

    private static ZMQ.Socket rawDealer(ZContext raw, int port, String instance) {
        ZMQ.Socket socket = raw.createSocket(SocketType.DEALER);
        socket.setReceiveTimeOut(200);
        socket.setHandshakeIvl(1000);
        TestCurve.client(socket);
        socket.connect("tcp://127.0.0.1:" + port);
        RawSockets.helloUntilWelcomed(socket, instance);
        return socket;
    }

    /** Answers each HELLO (the dealer repeats it until welcomed) until the first CREDIT, which it returns. */
    private static List<byte[]> welcomeUntilCredit(ZMQ.Socket router) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<byte[]> received = RawSockets.receive(router);
            if (received == null) {
                continue;
            }
            String command = Frames.asText(received.get(2));
            if (command.equals("HELLO")) {
                List<byte[]> welcome = new ArrayList<>(List.of(received.get(0)));
                welcome.addAll(Frames.of(Command.WELCOME, "raw-router", Frames.asText(received.get(4)), ""));
                send(router, welcome);
            } else if (command.equals("CREDIT")) {
                return received;
            }
        }
        throw new AssertionError("no CREDIT within 10 s");
    }

    private static void send(ZMQ.Socket socket, List<byte[]> frames) {
        RawSockets.sendFrames(socket, frames);
    }

    private static List<byte[]> awaitCommand(ZMQ.Socket socket, String command) {
        return RawSockets.awaitCommand(socket, command);
    }
}
