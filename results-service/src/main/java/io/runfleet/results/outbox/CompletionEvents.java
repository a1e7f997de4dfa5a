package io.runfleet.results.outbox;

import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;

/**
 * Builds the completion event of a stored result and moves it in and out of the outbox's payload
 * column. The event id is the outbox row's identity, assigned by the database at insert: the stored
 * payload carries 0 and {@link #withEventId} puts the real id in when the row is read.
 */
public final class CompletionEvents {

    private CompletionEvents() {
    }

    public static String payloadOf(RunResult result) {
        RunCompleted event = new RunCompleted(WireMessage.SCHEMA_VERSION, 0L, result.studyId(), result.runId(),
                result.seq(), result.attempt(), result.outcome(), result.exitCode(), result.outputs(),
                result.error(), result.agentId(), result.host(), result.startedAt(), result.endedAt(), 0L,
                result.params(), result.sampler());
        return new String(WireCodec.encode(event), StandardCharsets.UTF_8);
    }

    public static RunCompleted fromPayload(long eventId, String payload) {
        return withEventId(WireCodec.decode(payload.getBytes(StandardCharsets.UTF_8), RunCompleted.class), eventId);
    }

    static RunCompleted withEventId(RunCompleted event, long eventId) {
        return new RunCompleted(event.schemaVersion(), eventId, event.studyId(), event.runId(), event.seq(),
                event.attempt(), event.outcome(), event.exitCode(), event.outputs(), event.error(),
                event.agentId(), event.host(), event.startedAt(), event.endedAt(), event.studySeq(), event.params(),
                event.sampler());
    }
}
