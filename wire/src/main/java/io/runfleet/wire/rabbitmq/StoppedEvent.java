package io.runfleet.wire.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.WireCodec;
import java.io.IOException;
import java.util.Optional;

/**
 * The fields of a {@code study.stopped} event on the events exchange that its routing key needs. The results service
 * writes it as plain JSON ({@code "type":"study.stopped"}), not as a wire record, so it is read here as a tree.
 */
record StoppedEvent(String studyId, long studySeq) {

    static final String TYPE = "study.stopped";

    /** The stop event in {@code payload}, or empty when the payload is another event (or unreadable). */
    static Optional<StoppedEvent> of(byte[] payload) {
        try {
            JsonNode tree = WireCodec.mapper().readTree(payload);
            if (tree == null || !TYPE.equals(tree.path("type").asText())) {
                return Optional.empty();
            }
            return Optional.of(new StoppedEvent(tree.path("studyId").asText("unknown"), tree.path("studySeq").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
