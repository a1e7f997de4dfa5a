package io.runfleet.results.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runfleet.wire.WireCodec;
import java.time.Instant;

/**
 * The outbox payload of a study's stop: {@code {"type":"study.stopped","studyId":...,"studySeq":...,"reason":...,
 * "stoppedAt":...}}, plain JSON rather than a wire record because only clients read it (the scheduler sent the stop
 * and does not hear it back).
 */
public final class StudyStopEvents {

    public static final String TYPE = "study.stopped";

    private StudyStopEvents() {
    }

    public static String payloadOf(String studyId, long studySeq, String reason, Instant stoppedAt) {
        ObjectNode event = WireCodec.mapper().createObjectNode();
        event.put("type", TYPE);
        event.put("studyId", studyId);
        event.put("studySeq", studySeq);
        event.put("reason", reason);
        event.put("stoppedAt", stoppedAt.toString());
        return event.toString();
    }

    /** The reason in a stored stop payload, to tell a repeated stop from a new one. */
    public static String reasonOf(String payload) {
        try {
            return WireCodec.mapper().readTree(payload).path("reason").asText(null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable study.stopped payload in the outbox: " + e.getMessage(), e);
        }
    }
}
