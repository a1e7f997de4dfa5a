package io.runfleet.scheduler.api;

import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.study.StudyReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The studies API (docs/scheduler-service.md). */
@Path("/studies")
@Produces(MediaType.APPLICATION_JSON)
public class StudyResource {

    private static final int MAX_LIMIT = 10_000;

    private final StudyService studies;

    public StudyResource(StudyService studies) {
        this.studies = studies;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    public Response submit(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        SubmittedStudy created = studies.submit(body, StudyReader.isYaml(contentType));
        return Response.created(URI.create("/studies/" + created.id())).entity(created).build();
    }

    @GET
    public List<StudySummary> list() {
        return studies.summaries();
    }

    @GET
    @Path("/{id}")
    public StudySummary get(@PathParam("id") String id) {
        return studies.summary(id);
    }

    @POST
    @Path("/{id}/cancel")
    public StudySummary cancel(@PathParam("id") String id) {
        return studies.cancel(id);
    }

    @GET
    @Path("/{id}/runs")
    public List<RunView> runs(@PathParam("id") String id, @QueryParam("state") String state,
                              @QueryParam("limit") @DefaultValue("100") int limit,
                              @QueryParam("afterSeq") @DefaultValue("-1") long afterSeq) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "limit " + limit + " is out of range; give 1 to " + MAX_LIMIT);
        }
        return studies.runs(id, parseState(state), afterSeq, limit);
    }

    private static Optional<RunState> parseState(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunState.valueOf(state.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "state '" + state + "' is unknown; give one of "
                    + Arrays.toString(RunState.values()));
        }
    }
}
