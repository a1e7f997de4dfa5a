package io.runfleet.scheduler.api;

import io.runfleet.scheduler.study.InvalidStudyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a JSON body with a message. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalidStudy(InvalidStudyException e) {
        return json(400, new ErrorBody("invalid study", e.problems()));
    }

    @ServerExceptionMapper
    public Response invalidExtension(InvalidExtensionException e) {
        return json(400, new ErrorBody("invalid extension", e.problems()));
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), ErrorBody.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return json(e.getResponse().getStatus(), ErrorBody.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return json(500, ErrorBody.of("internal error: " + e.getMessage()));
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
