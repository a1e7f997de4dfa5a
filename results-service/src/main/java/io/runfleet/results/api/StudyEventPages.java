package io.runfleet.results.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.runfleet.results.outbox.OutboxEvent;
import io.runfleet.results.outbox.OutboxStore;
import io.runfleet.wire.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;

/**
 * The pull form of a study's events, for clients that cannot hold a stream open:
 * {@code GET /studies/{id}/results?afterSeq=N&limit=M} answers
 * {@code {"studyId":..., "events":[...], "lastSeq":..., "more":...}}, the events those an event stream sends after
 * {@code N} (its data, in study sequence order), {@code lastSeq} the number of the last one (N when none), and
 * {@code more} true when events after it are stored already: ask again with {@code afterSeq=lastSeq} at once.
 */
@ApplicationScoped
class StudyEventPages {

    static final int DEFAULT_LIMIT = 1000;
    /** The most events in one answer: a page of large outputs stays a few megabytes or so. */
    static final int MAX_LIMIT = 10_000;

    private final OutboxStore store;

    StudyEventPages(OutboxStore store) {
        this.store = store;
    }

    Response page(String studyId, String afterSeqText, String limitText) {
        long afterSeq = StudySeqParameter.parse("query parameter 'afterSeq'", afterSeqText,
                "use 0 for the first page, then the lastSeq of the page before");
        int limit = limit(limitText);
        List<OutboxEvent> events;
        try {
            // one more than asked for tells whether more are stored
            events = store.studyEventsAfter(studyId, afterSeq, limit + 1);
        } catch (SQLException e) {
            throw ApiErrors.unavailable("reading the events of study " + studyId + " failed (" + e.getMessage()
                    + "); try again", 1);
        }
        boolean more = events.size() > limit;
        List<OutboxEvent> answered = more ? events.subList(0, limit) : events;
        ObjectNode body = WireCodec.mapper().createObjectNode();
        body.put("studyId", studyId);
        ArrayNode array = body.putArray("events");
        answered.forEach(event -> array.addRawValue(new RawValue(event.json())));
        body.put("lastSeq", answered.isEmpty() ? afterSeq : answered.get(answered.size() - 1).studySeq());
        body.put("more", more);
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiErrors.badRequest("query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                + text + "'; leave it out for " + DEFAULT_LIMIT);
    }
}
