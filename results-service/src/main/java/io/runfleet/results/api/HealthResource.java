package io.runfleet.results.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.results.outbox.OutboxRelay;
import io.runfleet.results.store.GroupCommitWriter;
import io.runfleet.wire.health.DatabaseProbe;
import io.runfleet.wire.health.HealthAnswer;
import io.runfleet.wire.health.HealthCheck;
import io.runfleet.wire.rabbitmq.BrokerHealth;
import io.runfleet.wire.zeromq.SocketFailures;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Health for probes and scripts, open without a token: {@code /health/live} (restart the process when DOWN: the
 * results writer, the outbox relay or a ZeroMQ socket thread died, and none comes back), {@code /health/ready}
 * (send it no work when DOWN: the database does not answer or, with the RabbitMQ transport, the broker connection is
 * lost; both pass by themselves) and {@code /health} (both).
 * 200 with {@code "status":"UP"}, or 503 with {@code "status":"DOWN"}; {@code checks} says which check failed and why.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final AgroalDataSource dataSource;
    private final GroupCommitWriter writer;
    private final OutboxRelay relay;
    private final BrokerHealth broker;

    HealthResource(AgroalDataSource dataSource, GroupCommitWriter writer, OutboxRelay relay, BrokerHealth broker) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.relay = relay;
        this.broker = broker;
    }

    @GET
    public Response health() {
        List<HealthCheck> checks = new ArrayList<>(liveness());
        checks.addAll(readiness());
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

    private List<HealthCheck> liveness() {
        return List.of(HealthCheck.of("results writer", writer.problem()),
                HealthCheck.of("outbox relay", relay.problem()), SocketFailures.check());
    }

    private List<HealthCheck> readiness() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(DatabaseProbe.check(dataSource));
        broker.check().ifPresent(checks::add);
        return checks;
    }

    private static Response answer(List<HealthCheck> checks) {
        HealthAnswer answer = HealthAnswer.of(checks);
        return Response.status(answer.httpStatus()).entity(answer.body()).build();
    }
}
