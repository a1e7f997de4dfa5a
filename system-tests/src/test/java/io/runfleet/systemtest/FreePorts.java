package io.runfleet.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out loopback TCP ports that are free right now. Each port is asked of the kernel (bind to
 * port 0), so parallel builds on the same machine do not collide on fixed numbers; the ports handed
 * out by one instance are also distinct from each other.
 */
final class FreePorts {

    private final Set<Integer> handedOut = new HashSet<>();

    int next() {
        for (int tries = 0; tries < 50; tries++) {
            int port = askKernel();
            if (handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("the kernel kept returning ports already handed out: " + handedOut);
    }

    private static int askKernel() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
