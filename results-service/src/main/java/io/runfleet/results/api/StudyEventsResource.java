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
 * {@code GET /studies/{id}/events}: a study's events as server-sent events ({@code id: <studySeq>},
 * {@code event: run-completed} with {@code data: <RunCompleted JSON>}, or {@code event: study.stopped} with the
 * stop's JSON). A client resumes with the {@code Last-Event-ID} header (or {@code ?after=N}), the study
 * sequence number of the last event it has: stored events after it first, then live ones. The stream stays
 * open until the client leaves (also after {@code study.stopped}: a result still on its way may follow it).
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
        long afterStudySeq = lastEventId != null && !lastEventId.isBlank()
                ? parseStudySeq("Last-Event-ID header", lastEventId)
                : after != null ? parseStudySeq("query parameter 'after'", after) : 0L;
        streams.open(studyId, afterStudySeq, sink, sse);
    }

    private static long parseStudySeq(String where, String value) {
        return StudySeqParameter.parse(where, value, "use the id of the last event received");
    }
}
