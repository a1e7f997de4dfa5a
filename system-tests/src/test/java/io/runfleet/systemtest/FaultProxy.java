package io.runfleet.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of one service port, passing each chunk through {@link ProxyFaults}: the
 * delay and loss that the kernel here cannot inject (no netem). Each accepted connection gets its own connection
 * to the target and one thread per direction; when either side ends or a fault cuts it, both sockets close, as
 * a broken link would leave them.
 */
final class FaultProxy implements AutoCloseable {

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final InetSocketAddress target;
    private final ProxyFaults faults;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    /** Listens on a free loopback port at once; forwards to {@code targetHost:targetPort}. */
    FaultProxy(String targetHost, int targetPort, ProxyFaults faults) {
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.faults = faults;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback for a proxy to " + target, e);
        }
        acceptor = new Thread(this::acceptLoop, "fault-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The endpoint to give clients instead of the target's. */
    String endpoint() {
        return "tcp://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Connections accepted so far (a cut makes the client connect again). */
    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            try {
                upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                // the service is not listening (yet): the client sees a closed connection and tries again
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream, "up");
            pump(upstream, client, "down");
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[CHUNK_BYTES];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (faults.cutBeforeForwarding()) {
                        break;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other direction closed the pair, or a peer went away: either way this link is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "fault-proxy-" + target.getPort() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the socket is unusable either way
        }
    }

    /** Stops accepting and closes every connection; the pump threads end with them. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to do with a server socket that will not close
        }
        open.forEach(this::closeQuietly);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy(" + endpoint() + " -> " + target + ", accepted " + accepted() + ")";
    }
}
