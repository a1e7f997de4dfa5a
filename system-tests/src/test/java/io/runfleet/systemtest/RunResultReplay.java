package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runfleet.wire.MalformedMessageException;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rebuilds the {@link RunResult} an agent sent from the attempt the results service stored (its
 * {@code /studies/{id}/attempts} entry), to deliver the same result again.
 */
final class RunResultReplay {

    private static final Set<String> RECORD_FIELDS = Arrays.stream(RunResult.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toSet());

    private RunResultReplay() {
    }

    /** The wire record of a stored attempt; fails naming the field if the history lacks one the record has. */
    static RunResult fromStoredAttempt(JsonNode storedAttempt) {
        ObjectNode fields = storedAttempt.deepCopy();
        // the history has fields the wire record has not (receivedAt); every record field must be there
        fields.retain(RECORD_FIELDS);
        fields.put("schemaVersion", WireMessage.SCHEMA_VERSION);
        try {
            return WireCodec.decode(fields.toString().getBytes(StandardCharsets.UTF_8), RunResult.class);
        } catch (MalformedMessageException e) {
            throw new AssertionError("cannot rebuild a RunResult from the stored attempt " + storedAttempt
                    + ": " + e.getMessage(), e);
        }
    }

    static byte[] encode(RunResult result) {
        return WireCodec.encode(result);
    }
}
