package io.runfleet.results.api;

import io.runfleet.results.export.CsvResultsWriter;
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
import java.util.Locale;

/**
 * A study's results table (one row per run: its highest attempt) as JSON or CSV, and its full attempt
 * history as JSON. Both are streamed while the rows are read. A study nobody has sent results for
 * yields an empty table: the results service only knows studies through their results.
 */
@Path("/studies/{studyId}")
public class StudyResultsResource {

    static final String TEXT_CSV = "text/csv";

    private final AttemptReader reader;

    StudyResultsResource(AttemptReader reader) {
        this.reader = reader;
    }

    @GET
    @Path("/results")
    public Response results(@PathParam("studyId") String studyId, @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        if (wantsCsv(format, headers)) {
            return Response.ok(new CsvResultsWriter(reader, studyId))
                    .type(TEXT_CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + safeFileName(studyId) + "-results.csv\"")
                    .build();
        }
        return Response.ok(JsonArrayWriter.results(reader, studyId)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/attempts")
    @Produces(MediaType.APPLICATION_JSON)
    public Response attempts(@PathParam("studyId") String studyId) {
        return Response.ok(JsonArrayWriter.attempts(reader, studyId)).build();
    }

    /** {@code ?format} decides; without it the first of JSON or CSV in the Accept header; JSON by default. */
    private static boolean wantsCsv(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiErrors.badRequest("query parameter 'format' is '" + format
                        + "'; use format=json or format=csv");
            };
        }
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !accepted.isWildcardType()) {
                return false;
            }
            if (accepted.isCompatible(MediaType.valueOf(TEXT_CSV)) && !accepted.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    private static String safeFileName(String studyId) {
        return studyId.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
