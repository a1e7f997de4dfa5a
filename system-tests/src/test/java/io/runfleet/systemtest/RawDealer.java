package io.runfleet.systemtest;

import io.runfleet.wire.security.CurveKeyPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * A bare ZeroMQ DEALER for feeding a service's ROUTER what a real peer never sends. It speaks just
 * enough of the Runfleet framing ({@code ["RF1"][COMMAND][argument]...}, see the wire module's
 * {@code zeromq.Frames}) to say hello and to deliver well-framed messages with unreadable payloads.
 * It connects with CurveZMQ, as every peer of the services must: with an authorised key it is a peer
 * like an agent, with any other key the service refuses it at the handshake, which its monitor reports.
 */
final class RawDealer implements AutoCloseable {

    private static final String VERSION = "RF1";

    private final ZContext context;
    private final ZMQ.Socket socket;
    private final String instance = "it-raw-" + UUID.randomUUID();
    private final ZMonitor monitor;
    private volatile boolean refused;

    private RawDealer(ZContext context, ZMQ.Socket socket, ZMonitor monitor) {
        this.context = context;
        this.socket = socket;
        this.monitor = monitor;
    }

    /** A dealer at the router on {@code port} whose public key is {@code serverKey}, with {@code own} as its pair. */
    static RawDealer connect(int port, CurveKeyPair own, String serverKey) {
        ZContext context = new ZContext();
        // Lingering on close lets queued frames reach the service before the socket goes away
        // (ZContext applies its own linger, 0 by default, to the sockets it closes).
        context.setLinger(2000);
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        // JeroMQ 0.6.0 now and then stalls the handshake of a fresh connection; a short handshake limit
        // drops such a connection and reconnects, as the Runfleet connector does for its own sockets.
        socket.setHandshakeIvl(1000);
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(own.publicKey()));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(own.secretKey()));
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
        ZMonitor monitor = new ZMonitor(context, socket);
        monitor.add(ZMonitor.Event.HANDSHAKE_FAILED_AUTH);
        monitor.start();
        socket.connect("tcp://127.0.0.1:" + port);
        return new RawDealer(context, socket, monitor);
    }

    /** Whether the service has refused this dealer's key at a handshake (at least once so far). */
    boolean refusedByServer() {
        if (!refused) {
            refused = monitor.nextEvent(0) != null;
        }
        return refused;
    }

    /**
     * Says HELLO and asks for {@code amount} messages on {@code channel}, as an agent with free slots would.
     * Without waiting: a dealer the service refused has no connection, and a blocking send would wait forever.
     */
    void helloAndCredit(String channel, int amount) {
        sendNow(text(VERSION), text("HELLO"), text(instance), text("1"));
        sendNow(text(VERSION), text("CREDIT"), text(channel), text(String.valueOf(amount)));
    }

    /** Whether no frame at all has arrived (no WELCOME, no message); reads without waiting. */
    boolean receivedNothing() {
        return socket.recv(ZMQ.DONTWAIT) == null;
    }

    /** Frames of every wrong shape: random bytes, empty frames, a large blob, many parts, bad commands. */
    void sendGarbage() {
        Random random = new Random(42);
        byte[] noise = new byte[512];
        random.nextBytes(noise);
        byte[] blob = new byte[256 * 1024];
        random.nextBytes(blob);

        send(noise);
        send(new byte[0]);
        send(blob);
        send(new byte[0], noise, text("not a command"));
        send(text(VERSION));
        send(text(VERSION), text("NO_SUCH_COMMAND"), noise);
        send(text(VERSION), text("MSG"), text("only one argument"));
        send(text(VERSION), text("CREDIT"), text("run-requests"), text("not a number"));
        send(text("RF999"), text("HELLO"), text(instance), text("1"));
        List<byte[]> many = new ArrayList<>();
        for (int part = 0; part < 50; part++) {
            many.add(text("part " + part));
        }
        send(many.toArray(byte[][]::new));
    }

    /**
     * Says HELLO until a WELCOME answers it; fails if none comes within {@code timeout}. HELLO is
     * repeated because one sent into a connection whose handshake stalled is lost with it.
     */
    void hello(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            send(text(VERSION), text("HELLO"), text(instance), text("1"));
            if (awaitCommand("WELCOME", null, Duration.ofSeconds(2)) != null) {
                return;
            }
        }
        throw new AssertionError("no WELCOME within " + timeout + " in answer to HELLO from " + instance);
    }

    /** A well-framed MSG on {@code channel} whose payload is whatever is given. */
    void sendMessage(String channel, String messageId, byte[] payload) {
        send(text(VERSION), text("MSG"), text(channel), text(messageId), payload);
    }

    /**
     * Waits for {@code command} whose second frame (after the channel) is {@code messageId}, skipping
     * other traffic (PONGs, ACKs of other ids). Answers the argument frames as text, or null on timeout.
     */
    List<String> awaitCommand(String command, String messageId, Duration timeout) {
        List<String> frames = awaitAnyCommand(Set.of(command), messageId, timeout);
        return frames == null ? null : frames.subList(1, frames.size());
    }

    /** How the service settled one MSG: acknowledged, or refused with a reason. */
    record Settlement(boolean acked, String reason) {
    }

    /**
     * Waits for the ACK or NACK of the MSG {@code messageId}, skipping other traffic; null on timeout.
     * A NACK's reason is the application's, e.g. the codec's "RunResult has schema version 99; ...".
     */
    Settlement awaitSettlement(String messageId, Duration timeout) {
        List<String> frames = awaitAnyCommand(Set.of("ACK", "NACK"), messageId, timeout);
        if (frames == null) {
            return null;
        }
        boolean acked = "ACK".equals(frames.get(0));
        // NACK [channel][id][terminal|transient][reason]: the reason is the last frame
        return new Settlement(acked, acked || frames.size() < 4 ? null : frames.get(frames.size() - 1));
    }

    /** The command and its argument frames, as text, of the first of {@code commands} about {@code messageId}. */
    private List<String> awaitAnyCommand(Set<String> commands, String messageId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.setReceiveTimeOut(200);
        while (System.nanoTime() < deadline) {
            byte[] first = socket.recv(0);
            if (first == null) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            frames.add(new String(first, StandardCharsets.UTF_8));
            while (socket.hasReceiveMore()) {
                frames.add(new String(socket.recv(0), StandardCharsets.UTF_8));
            }
            if (frames.size() >= 2 && VERSION.equals(frames.get(0)) && commands.contains(frames.get(1))) {
                List<String> arguments = frames.subList(2, frames.size());
                if (messageId == null || (arguments.size() >= 2 && messageId.equals(arguments.get(1)))) {
                    return List.copyOf(frames.subList(1, frames.size()));
                }
            }
        }
        return null;
    }

    private void send(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** Sends if ZeroMQ can take the message at once (a connection exists); drops it otherwise. */
    private void sendNow(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            if (!socket.send(frames[i], ZMQ.DONTWAIT | (i < frames.length - 1 ? ZMQ.SNDMORE : 0))) {
                return;
            }
        }
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sendNow(text(VERSION), text("BYE"), text(instance));
        monitor.close();
        context.close();
    }
}
