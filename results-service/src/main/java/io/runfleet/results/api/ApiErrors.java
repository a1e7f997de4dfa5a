package io.runfleet.results.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Client errors with a body that says what was wrong and how to fix it. */
final class ApiErrors {

    private ApiErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return withStatus(Response.Status.BAD_REQUEST, message);
    }

    /** 404 with the reason: which of study, run, file or run directory is not there, and what to do about it. */
    static WebApplicationException notFound(String message) {
        return withStatus(Response.Status.NOT_FOUND, message);
    }

    /** A client error of {@code status} whose body says why. */
    static WebApplicationException withStatus(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message))
                .build());
    }

    /** 503 with a Retry-After: the request was fine, the service is at a limit that will pass. */
    static WebApplicationException unavailable(String message, int retryAfterSeconds) {
        return new WebApplicationException(message, Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", retryAfterSeconds)
                .entity(Map.of("error", message))
                .build());
    }
}
