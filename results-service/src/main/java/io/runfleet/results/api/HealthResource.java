package io.runfleet.results.api;

import io.agroal.api.AgroalDataSource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code GET /health}: {@code {"status":"UP"}} while the database answers, 503 with
 * {@code {"status":"DOWN","reason":...}} otherwise (results cannot be stored then).
 */
@Path("/health")
public class HealthResource {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;

    HealthResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return Response.ok(Map.of("status", "UP")).build();
            }
            return down("the database connection is not valid");
        } catch (SQLException e) {
            return down("the database is unreachable: " + e.getMessage());
        }
    }

    private static Response down(String reason) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("status", "DOWN", "reason", reason))
                .build();
    }
}
