package io.runfleet.scheduler.api;

import io.runfleet.scheduler.dispatch.SamplerRefused;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The ask/tell API of sampler loops (docs/scheduler-service.md, "Sampler loops: ask/tell"), beside the studies API
 * and behind the same bearer tokens: an external sampler posts points, reads the loop's status, closes it, and
 * cancels runs (the last for any study).
 */
@Path("/studies")
@Produces(MediaType.APPLICATION_JSON)
public class SamplerResource {

    private final SamplerService samplers;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public SamplerResource(SamplerService samplers, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.samplers = samplers;
        this.json = json;
    }

    @POST
    @Path("/{id}/suggestions")
    @Consumes(MediaType.APPLICATION_JSON)
    public SamplerViews.Suggestions suggest(@PathParam("id") String id, SamplerViews.SuggestionsRequest body) {
        return samplers.suggest(id, body);
    }

    @GET
    @Path("/{id}/sampler")
    public SamplerViews.SamplerStatus status(@PathParam("id") String id) {
        return samplers.status(id);
    }

    /** The body is optional ({@code {"cancelInFlight": true}}): a bare POST, with any content type or none, closes. */
    @POST
    @Path("/{id}/sampler/close")
    @Consumes(MediaType.WILDCARD)
    public SamplerViews.SamplerStatus close(@PathParam("id") String id, byte[] body) {
        return samplers.close(id, closeRequest(body));
    }

    @POST
    @Path("/{id}/cancellations")
    @Consumes(MediaType.APPLICATION_JSON)
    public SamplerViews.Cancellations cancel(@PathParam("id") String id, SamplerViews.CancellationsRequest body) {
        return samplers.cancel(id, body);
    }

    private SamplerViews.CloseRequest closeRequest(byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return json.readValue(body, SamplerViews.CloseRequest.class);
        } catch (java.io.IOException e) {
            throw new SamplerRefused(400, "the body of a close is JSON such as {\"cancelInFlight\": true}, or"
                    + " nothing: " + e.getMessage());
        }
    }

    /** A refused request: its status, with the problems field by field for a 400. */
    @ServerExceptionMapper
    public Response refused(SamplerRefused e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage(), e.problems())).build();
    }
}
