package io.runfleet.wire.zeromq;

import io.runfleet.wire.testing.ManualSubscriber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Another Runfleet process's ZeroMQ end in a service's own test: a connector whose CurveZMQ settings come from
 * {@code runfleet.security.*} settings as that process would read them (for example identity {@code scheduler} and
 * the keyring directory the service under test uses), so that the service's real sockets, keys and roles are what
 * the test talks to.
 */
public final class ZmqTestProcess implements AutoCloseable {

    private static final Map<String, String> QUICK = Map.of("heartbeat-interval", "100", "heartbeat-timeout", "600",
            "ack-timeout", "2000");

    private final ZmqConnector connector;

    private ZmqTestProcess(ZmqConnector connector) {
        this.connector = connector;
    }

    /** A process with these {@code runfleet.security.*} settings. */
    public static ZmqTestProcess with(Map<String, String> settings) {
        return new ZmqTestProcess(new ZmqConnector(CurveSettings.from(new MapConfig(settings))));
    }

    /**
     * A router on {@code endpoint} receiving {@code channel} from peers of {@code roles}; acks whatever arrives.
     * Answers the payloads received so far, growing as more arrive (JDK types only: a service's test loads this
     * class apart from its own classes).
     */
    public List<byte[]> ackingRouter(String channel, String endpoint, String roles) {
        Map<String, String> values = channel(channel, "router", endpoint);
        values.put("roles", roles);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        ManualSubscriber subscriber = ManualSubscriber.on(connector.getPublisher(new MapConfig(values)), message -> {
            received.add(message.getPayload());
            message.ack();
        });
        subscriber.request(Long.MAX_VALUE);
        return received;
    }

    /** Sends {@code payload} on {@code channel} through a dealer to {@code endpoint}; completes when acked. */
    public CompletableFuture<Void> sendThroughDealer(String channel, String endpoint, byte[] payload) {
        QueuePublisher publisher = QueuePublisher.into(connector.getSubscriber(
                new MapConfig(channel(channel, "dealer", endpoint))));
        QueuePublisher.Tracked tracked = publisher.emit(payload);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        tracked.acked().thenRun(() -> settled.complete(null));
        tracked.nacked().thenAccept(settled::completeExceptionally);
        return settled;
    }

    /** A fresh, empty keyring directory: the processes of one test make their key pairs there. */
    public static Path temporaryKeyring() {
        try {
            return Files.createTempDirectory("runfleet-curve-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tcp://127.0.0.1:<a port free now>}. */
    public static String freeLoopbackEndpoint() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> channel(String channel, String socket, String endpoint) {
        Map<String, String> values = new HashMap<>(QUICK);
        values.putAll(Map.of("channel-name", channel, "socket", socket, "endpoint", endpoint));
        return values;
    }

    @Override
    public void close() {
        connector.close();
    }
}
