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

    public SamplerResource(SamplerService samplers) {
        this.samplers = samplers;
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

    @POST
    @Path("/{id}/sampler/close")
    public SamplerViews.SamplerStatus close(@PathParam("id") String id, SamplerViews.CloseRequest body) {
        return samplers.close(id, body);
    }

    @POST
    @Path("/{id}/cancellations")
    @Consumes(MediaType.APPLICATION_JSON)
    public SamplerViews.Cancellations cancel(@PathParam("id") String id, SamplerViews.CancellationsRequest body) {
        return samplers.cancel(id, body);
    }

    /** A refused request: its status, with the problems field by field for a 400. */
    @ServerExceptionMapper
    public Response refused(SamplerRefused e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage(), e.problems())).build();
    }
}
