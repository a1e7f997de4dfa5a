package io.runfleet.results.api;

import io.runfleet.results.export.ExportFormat;
import io.runfleet.results.export.JsonArrayWriter;
import io.runfleet.results.store.AttemptReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * A study's results table (one row per run: its highest attempt) as JSON, JSON lines, CSV or Parquet
 * ({@link ExportFormat}), and its full attempt history as JSON. All are streamed while the rows are
 * read. A study nobody has sent results for yields an empty table: the results service only knows
 * studies through their results. With {@code ?afterSeq=N} it answers the pull form of the study's events
 * instead ({@link StudyEventPages}).
 */
@Path("/studies/{studyId}")
public class StudyResultsResource {

    private final AttemptReader reader;
    private final StudyEventPages eventPages;

    StudyResultsResource(AttemptReader reader, StudyEventPages eventPages) {
        this.reader = reader;
        this.eventPages = eventPages;
    }

    @GET
    @Path("/results")
    public Response results(@PathParam("studyId") String studyId, @QueryParam("format") String format,
            @QueryParam("stage") String stage, @QueryParam("afterSeq") String afterSeq,
            @QueryParam("limit") String limit, @Context HttpHeaders headers) {
        if (afterSeq != null) {
            return eventPages.page(studyId, afterSeq, limit);
        }
        if (limit != null) {
            throw ApiErrors.badRequest("query parameter 'limit' applies only to the pull form of the study's events;"
                    + " add afterSeq (0 for the first page), or leave limit out for the results table");
        }
        ExportFormat chosen = chosenFormat(format, headers);
        if (stage != null && stage.isBlank()) {
            throw ApiErrors.badRequest("query parameter 'stage' is empty; give a stage's name (main for the study's "
                    + "own runs) or leave it out for every stage");
        }
        AttemptReader rows = stage == null ? reader : reader.ofStage(stage);
        Response.ResponseBuilder response = Response.ok(chosen.writer(rows, studyId)).type(chosen.mediaType());
        chosen.fileExtension().ifPresent(extension -> response.header("Content-Disposition",
                "attachment; filename=\"" + safeFileName(studyId) + "-results." + extension + "\""));
        return response.build();
    }

    @GET
    @Path("/attempts")
    @Produces(MediaType.APPLICATION_JSON)
    public Response attempts(@PathParam("studyId") String studyId) {
        return Response.ok(JsonArrayWriter.attempts(reader, studyId)).build();
    }

    /** {@code ?format} decides; without it the first format the Accept header names; JSON by default. */
    private static ExportFormat chosenFormat(String format, HttpHeaders headers) {
        if (format != null) {
            return ExportFormat.byParameter(format).orElseThrow(() -> ApiErrors.badRequest(
                    "query parameter 'format' is '" + format + "'; use one of " + ExportFormat.choices()));
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            Optional<ExportFormat> named = ExportFormat.byMediaType(accepted);
            if (named.isPresent()) {
                return named.get();
            }
        }
        return ExportFormat.JSON;
    }

    private static String safeFileName(String studyId) {
        return studyId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
