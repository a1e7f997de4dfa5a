package io.runfleet.results.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.results.outbox.OutboxRelay;
import io.runfleet.results.store.GroupCommitWriter;
import io.runfleet.wire.zeromq.SocketFailures;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health for probes and scripts, open without a token: {@code /health/live} (restart the process when DOWN: the
 * results writer, the outbox relay or a ZeroMQ socket thread died, and none comes back), {@code /health/ready}
 * (send it no work when DOWN: the database does not answer, which passes by itself) and {@code /health} (both).
 * 200 with {@code "status":"UP"}, or 503 with {@code "status":"DOWN"}; {@code checks} says which check failed and why.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final int DATABASE_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;
    private final GroupCommitWriter writer;
    private final OutboxRelay relay;

    HealthResource(AgroalDataSource dataSource, GroupCommitWriter writer, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.relay = relay;
    }

    @GET
    public Response health() {
        Map<String, Optional<String>> checks = liveness();
        checks.putAll(readiness());
        return answer(checks);
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(liveness());
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return answer(readiness());
    }

    private Map<String, Optional<String>> liveness() {
        Map<String, Optional<String>> checks = new LinkedHashMap<>();
        checks.put("results writer", writer.problem());
        checks.put("outbox relay", relay.problem());
        List<String> sockets = SocketFailures.problems();
        checks.put("transport sockets", sockets.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sockets)));
        return checks;
    }

    private Map<String, Optional<String>> readiness() {
        Map<String, Optional<String>> checks = new LinkedHashMap<>();
        checks.put("database", database());
        return checks;
    }

    private Optional<String> database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(DATABASE_TIMEOUT_SECONDS) ? Optional.empty()
                    : Optional.of("no answer within " + DATABASE_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            return Optional.of("unreachable: " + e.getMessage());
        }
    }

    /** {@code {"status", "checks": [{"name", "status", "reason"}]}}, as the scheduler answers. */
    private static Response answer(Map<String, Optional<String>> checks) {
        List<Map<String, String>> listed = new ArrayList<>();
        checks.forEach((name, problem) -> {
            Map<String, String> check = new LinkedHashMap<>();
            check.put("name", name);
            check.put("status", problem.isPresent() ? "DOWN" : "UP");
            problem.ifPresent(reason -> check.put("reason", reason));
            listed.add(check);
        });
        boolean up = checks.values().stream().allMatch(Optional::isEmpty);
        return Response.status(up ? 200 : 503).entity(Map.of("status", up ? "UP" : "DOWN", "checks", listed))
                .build();
    }
}
