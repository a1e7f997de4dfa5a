package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.slurm.SlurmAllocations;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.study.StudyReader;
import io.runfleet.scheduler.launch.LaunchSupervisor;
import jakarta.inject.Inject;
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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The studies API (docs/scheduler-service.md). */
@Path("/studies")
@Produces(MediaType.APPLICATION_JSON)
public class StudyResource {

    private static final int MAX_LIMIT = 10_000;
    private static final int MAX_STUDIES_LIMIT = 1_000;

    private final StudyService studies;

    @Inject
    StudyGrowth growth;

    @Inject
    RunRenderer renderer;

    @Inject
    LaunchSupervisor launches;

    @Inject
    Explanations explanations;

    public StudyResource(StudyService studies) {
        this.studies = studies;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    public Response submit(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @QueryParam("dryRun") String dryRun, @QueryParam("skipDuplicates") String skipDuplicates,
                           @HeaderParam(ProvenanceHeaders.COMMIT) String commit,
                           @HeaderParam(ProvenanceHeaders.DIRTY) String dirty,
                           @HeaderParam(ProvenanceHeaders.DIRECTORY) String directory,
                           @HeaderParam(ProvenanceHeaders.USER) String user) {
        if (QueryFlags.flag("skipDuplicates", skipDuplicates)) {
            throw new ApiException(400, "skipDuplicates applies to POST /studies/{id}/extend: a new study has no "
                    + "earlier runs to compare with. Submit without it, or extend the study that holds the runs");
        }
        SubmittedStudy created = studies.submit(body, contentType, QueryFlags.flag("dryRun", dryRun),
                ProvenanceHeaders.read(commit, dirty, directory, user));
        return Response.created(URI.create("/studies/" + created.id())).entity(created).build();
    }

    /**
     * Studies oldest first, a page at a time. A full page carries a {@code Link: <...>; rel="next"} header to the
     * next one, so that a client follows links and never needs to know the cursor's form.
     */
    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") int limit, @QueryParam("after") String after) {
        if (limit < 1 || limit > MAX_STUDIES_LIMIT) {
            throw new ApiException(400, "limit " + limit + " is out of range; give 1 to " + MAX_STUDIES_LIMIT
                    + " and follow the Link header (rel=\"next\") for more");
        }
        List<StudySummary> page = studies.summaries(after, limit);
        Response.ResponseBuilder response = Response.ok(page);
        if (page.size() == limit) {
            String last = page.get(page.size() - 1).id();
            response.link(URI.create("/studies?limit=" + limit + "&after=" + last), "next");
        }
        return response.build();
    }

    @GET
    @Path("/{id}")
    public StudySummary get(@PathParam("id") String id) {
        return studies.summary(id);
    }

    @GET
    @Path("/{id}/launch/script")
    public SlurmAllocations.NextScript launchScript(@PathParam("id") String id) {
        return studies.nextScript(id);
    }

    @GET
    @Path("/{id}/explain")
    public StudyExplanation explain(@PathParam("id") String id) {
        return explanations.study(id);
    }

    @GET
    @Path("/{id}/runs/{run}/explain")
    public RunExplanation explainRun(@PathParam("id") String id, @PathParam("run") String run) {
        return explanations.run(id, run);
    }

    @POST
    @Path("/{id}/launch/resume")
    public StudySummary resumeLaunch(@PathParam("id") String id) {
        return studies.resumeLaunch(id);
    }

    @POST
    @Path("/{id}/cancel")
    public StudySummary cancel(@PathParam("id") String id) {
        return studies.cancel(id);
    }

    @POST
    @Path("/{id}/runs/{runId}/cancel")
    public RunView cancelRun(@PathParam("id") String id, @PathParam("runId") String runId) {
        return studies.cancelRun(id, runId);
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

    @GET
    @Path("/{id}/document")
    @Produces(MediaType.WILDCARD)
    public Response document(@PathParam("id") String id) {
        var document = studies.document(id);
        return Response.ok(document.text().getBytes(StandardCharsets.UTF_8), document.contentType())
                .header("Runfleet-Document-Sha256", document.sha256()).build();
    }

    @GET
    @Path("/{id}/runs/{seq}/rendered")
    public RenderedRun rendered(@PathParam("id") String id, @PathParam("seq") String seq) {
        return renderer.render(id, parseSeq(seq));
    }

    @POST
    @Path("/{id}/start")
    public StudySummary start(@PathParam("id") String id) {
        growth.start(id);
        launches.reactivated(id);
        return studies.summary(id);
    }

    @POST
    @Path("/{id}/extend")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    public GrownStudy extend(@PathParam("id") String id, byte[] body,
                             @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                             @QueryParam("skipDuplicates") String skipDuplicates) {
        GrownStudy grown = growth.extend(id, body, StudyReader.isYaml(contentType),
                QueryFlags.flag("skipDuplicates", skipDuplicates));
        launches.reactivated(id);
        return grown;
    }

    @POST
    @Path("/{id}/repeat")
    public GrownStudy repeat(@PathParam("id") String id, @QueryParam("times") String times) {
        GrownStudy grown = growth.repeat(id, QueryFlags.count("times", times, 1, 1));
        launches.reactivated(id);
        return grown;
    }

    @POST
    @Path("/{id}/resume")
    public ResumedStudy resume(@PathParam("id") String id) {
        ResumedStudy resumed = growth.resume(id);
        launches.reactivated(id);
        return resumed;
    }

    private static long parseSeq(String seq) {
        try {
            long parsed = Long.parseLong(seq.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "seq '" + seq + "' is not a run's sequence number; give 0 for the first run, "
                + "as GET /studies/{id}/runs lists them");
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
