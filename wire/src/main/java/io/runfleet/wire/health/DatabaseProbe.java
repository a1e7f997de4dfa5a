package io.runfleet.wire.health;

import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The readiness check of a service's database: a connection from the pool that answers within
 * {@value #TIMEOUT_SECONDS} s. While it does not, the service stores nothing, but it recovers by itself once the
 * database is back, so this belongs to readiness (send no work), never to liveness (restart).
 */
public final class DatabaseProbe {

    /** How long the database may take to answer a readiness probe. */
    public static final int TIMEOUT_SECONDS = 2;

    private DatabaseProbe() {
    }

    public static HealthCheck check(DataSource dataSource) {
        return HealthCheck.of("database", problem(dataSource));
    }

    static Optional<String> problem(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS) ? Optional.empty()
                    : Optional.of("no answer within " + TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            return Optional.of("unreachable: " + e.getMessage());
        }
    }
}
