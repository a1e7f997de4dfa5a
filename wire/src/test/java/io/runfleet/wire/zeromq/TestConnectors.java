package io.runfleet.wire.zeromq;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Connector instances of one test, each standing for one process, closed in reverse order after it. */
final class TestConnectors implements AutoCloseable {

    private final List<ZmqConnector> open = new ArrayList<>();

    /** A new connector with the test CurveZMQ keys. */
    ZmqConnector connector() {
        ZmqConnector connector = TestCurve.connector();
        open.add(connector);
        return connector;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
