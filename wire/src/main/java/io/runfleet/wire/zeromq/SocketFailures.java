package io.runfleet.wire.zeromq;

import io.runfleet.wire.health.HealthCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ZeroMQ socket threads that stopped on an error while their connector was open: their socket no longer sends or
 * receives, and nothing in the process would notice. A service's liveness check reads them, so that an orchestrator
 * restarts it.
 */
public final class SocketFailures {

    private static final Map<String, String> FAILED = new ConcurrentHashMap<>();

    private SocketFailures() {
    }

    static void record(String socket, Throwable error) {
        FAILED.put(socket, error.getClass().getSimpleName() + (error.getMessage() == null ? ""
                : ": " + error.getMessage()));
    }

    /** One line per socket whose thread died: the socket and the error. */
    public static List<String> problems() {
        return FAILED.entrySet().stream().map(entry -> "ZeroMQ socket " + entry.getKey() + " stopped: "
                + entry.getValue()).sorted().toList();
    }

    /** The liveness check {@code transport sockets}: DOWN naming every socket whose thread died. */
    public static HealthCheck check() {
        List<String> problems = problems();
        return HealthCheck.of("transport sockets",
                problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)));
    }
}
