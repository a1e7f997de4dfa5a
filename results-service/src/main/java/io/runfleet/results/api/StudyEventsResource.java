package io.runfleet.results.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /studies/{id}/events}: a study's completion events as server-sent events
 * ({@code id: <eventId>}, {@code event: run-completed}, {@code data: <RunCompleted JSON>}). A client
 * resumes with the {@code Last-Event-ID} header (or {@code ?after=N}): stored events after that id
 * first, then live ones. The stream stays open until the client leaves.
 */
@Path("/studies/{studyId}/events")
public class StudyEventsResource {

    private final EventStreams streams;

    StudyEventsResource(EventStreams streams) {
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("studyId") String studyId,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after,
            @Context SseEventSink sink,
            @Context Sse sse) {
        long afterEventId = lastEventId != null && !lastEventId.isBlank()
                ? parseEventId("Last-Event-ID header", lastEventId)
                : after != null ? parseEventId("query parameter 'after'", after) : 0L;
        streams.open(studyId, afterEventId, sink, sse);
    }

    private static long parseEventId(String where, String value) {
        try {
            long eventId = Long.parseLong(value.trim());
            if (eventId >= 0) {
                return eventId;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiErrors.badRequest(where + " must be an event id (a whole number >= 0), got '" + value
                + "'; use the id of the last event received");
    }
}
