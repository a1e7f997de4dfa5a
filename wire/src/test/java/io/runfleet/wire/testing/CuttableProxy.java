package io.runfleet.wire.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of one port that a test can make lose what clients send ({@link #swallow}) and
 * whose connections it can cut ({@link #cutAll}): the two halves of a link that drops a frame and then breaks,
 * after which ZeroMQ reconnects as if nothing had happened. Public for other modules' tests (the scheduler's health
 * test puts one in front of the database, cuts it and refuses new connections).
 */
public final class CuttableProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean swallowing;
    private volatile boolean refusing;

    public CuttableProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(this::acceptLoop, "proxy-accept");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** While on, bytes from clients are read and dropped, as a lost segment on a link about to break. */
    public void swallow(boolean on) {
        swallowing = on;
    }

    /** While on, new connections are closed at once, as a server that went away. */
    public void refuse(boolean on) {
        refusing = on;
    }

    /** As a server that went away: closes every connection and refuses new ones until {@link #comeBack}. */
    public void goAway() {
        refuse(true);
        cutAll();
    }

    /** Lets clients connect again after {@link #goAway}. */
    public void comeBack() {
        refuse(false);
    }

    /** Closes every connection through the proxy; clients connect again. */
    public void cutAll() {
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                start(() -> pump(client, upstream, true), "proxy-up");
                start(() -> pump(upstream, client, false), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!(fromClient && swallowing)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // cut: both sides close below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed already
        }
        cutAll();
    }
}
