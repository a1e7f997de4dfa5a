package io.runfleet.wire.zeromq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** Raw ZeroMQ sockets speaking the protocol by hand, where a test needs frames the connector would not send. */
final class RawSockets {

    private RawSockets() {
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        assertThat(SocketLoop.send(socket, frames)).isTrue();
    }

    /**
     * Says HELLO (nonce 1) until a WELCOME answers. A raw socket's hello sent into a connection whose
     * handshake stalled is lost with that connection, so it is repeated, as the connector does.
     */
    static List<byte[]> helloUntilWelcomed(ZMQ.Socket socket, String instance) {
        for (int attempt = 0; attempt < 10; attempt++) {
            sendFrames(socket, Frames.of(Command.HELLO, instance, 1));
            List<byte[]> welcome = awaitCommand(socket, "WELCOME", Duration.ofSeconds(2));
            if (welcome != null) {
                return welcome;
            }
        }
        throw new AssertionError("no WELCOME for " + instance + " after 10 hellos");
    }

    /** Reads until a protocol message with this command arrives (a router sees the routing id first). */
    static List<byte[]> awaitCommand(ZMQ.Socket socket, String command) {
        List<byte[]> found = awaitCommand(socket, command, Duration.ofSeconds(10));
        assertThat(found).as("a %s within 10 s", command).isNotNull();
        return found;
    }

    /** As above, within {@code timeout}; null when none came. Needs a receive timeout on the socket. */
    static List<byte[]> awaitCommand(ZMQ.Socket socket, String command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<byte[]> frames = receive(socket);
            if (frames == null) {
                continue;
            }
            int commandAt = socket.getSocketType() == SocketType.ROUTER ? 2 : 1;
            String got = frames.size() > commandAt ? Frames.asText(frames.get(commandAt)) : "";
            if (got.equals(command)) {
                return frames;
            }
        }
        return null;
    }

    /** One multipart message; null when none came within the socket's receive timeout. */
    static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }
}
