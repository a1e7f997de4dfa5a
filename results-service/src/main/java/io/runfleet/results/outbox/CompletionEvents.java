package io.runfleet.results.outbox;

import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;

/**
 * Builds the completion event of a stored result and moves it in and out of the outbox's payload
 * column. The event id is the outbox row's identity, assigned by the database at insert: the stored
 * payload carries 0 and {@link #fromPayload} puts the real id in when the row is read. The study's
 * sequence number is known at insert (the writer assigns it) and is also taken from the row's column on
 * read, so that events stored before it existed carry it too.
 */
public final class CompletionEvents {

    private CompletionEvents() {
    }

    public static String payloadOf(RunResult result, long studySeq) {
        RunCompleted event = new RunCompleted(WireMessage.SCHEMA_VERSION, 0L, result.studyId(), result.runId(),
                result.seq(), result.attempt(), result.outcome(), result.exitCode(), result.outputs(),
                result.error(), result.agentId(), result.host(), result.startedAt(), result.endedAt(), studySeq,
                result.params(), result.sampler());
        return new String(WireCodec.encode(event), StandardCharsets.UTF_8);
    }

    public static RunCompleted fromPayload(long eventId, long studySeq, String payload) {
        RunCompleted event = WireCodec.decode(payload.getBytes(StandardCharsets.UTF_8), RunCompleted.class);
        return new RunCompleted(event.schemaVersion(), eventId, event.studyId(), event.runId(), event.seq(),
                event.attempt(), event.outcome(), event.exitCode(), event.outputs(), event.error(),
                event.agentId(), event.host(), event.startedAt(), event.endedAt(), studySeq, event.params(),
                event.sampler());
    }
}
