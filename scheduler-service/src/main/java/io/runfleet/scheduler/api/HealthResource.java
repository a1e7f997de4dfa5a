package io.runfleet.scheduler.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.runfleet.wire.health.HealthAnswer;
import io.runfleet.wire.health.HealthCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Health for probes and scripts, open without a token like {@code /health} always was: {@code /health/live} (restart
 * the process when DOWN), {@code /health/ready} (send it no work when DOWN) and {@code /health} (both). 200 with
 * {@code "status":"UP"}, or 503 with {@code "status":"DOWN"}; {@code checks} says which check failed and why.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private final ServiceHealth health;

    public HealthResource(ServiceHealth health) {
        this.health = health;
    }

    @GET
    public Response health() {
        List<HealthCheck> checks = new ArrayList<>(health.liveness());
        checks.addAll(health.readiness());
        return answer(checks);
    }

    @GET
    @Path("/live")
    public Response live() {
        return answer(health.liveness());
    }

    @GET
    @Path("/ready")
    public Response ready() {
        return answer(health.readiness());
    }

    private static Response answer(List<HealthCheck> checks) {
        HealthAnswer answer = HealthAnswer.of(checks);
        return Response.status(answer.httpStatus()).entity(answer.body()).build();
    }
}
