package io.runfleet.scheduler.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.wire.zeromq.SocketFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the health routes report. Liveness: the scheduler loop and the ZeroMQ socket threads are running; a thread
 * that died does not come back, so the process should be restarted. Readiness: the database answers; while it does
 * not, nothing can be stored, but the process recovers by itself once it is back (no restart).
 */
@ApplicationScoped
public class ServiceHealth {

    /** How long the database may take to answer a readiness probe. */
    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    /**
     * One check.
     *
     * @param name   what was checked
     * @param status {@code UP} or {@code DOWN}
     * @param reason why it is DOWN; null when UP
     */
    public record Check(String name, String status, String reason) {

        static Check of(String name, Optional<String> problem) {
            return new Check(name, problem.isPresent() ? "DOWN" : "UP", problem.orElse(null));
        }
    }

    private final SchedulerLoop loop;
    private final AgroalDataSource dataSource;

    public ServiceHealth(SchedulerLoop loop, AgroalDataSource dataSource) {
        this.loop = loop;
        this.dataSource = dataSource;
    }

    public List<Check> liveness() {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("scheduler loop", loop.problem()));
        List<String> sockets = SocketFailures.problems();
        checks.add(Check.of("transport sockets", sockets.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", sockets))));
        return checks;
    }

    public List<Check> readiness() {
        return List.of(Check.of("database", database()));
    }

    private Optional<String> database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(DATABASE_TIMEOUT_SECONDS) ? Optional.empty()
                    : Optional.of("no answer within " + DATABASE_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            return Optional.of("unreachable: " + e.getMessage());
        }
    }
}
