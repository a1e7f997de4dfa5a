package io.runfleet.results.outbox;

import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.nio.charset.StandardCharsets;

/**
 * Builds the completion event of a stored result and moves it in and out of the outbox's payload
 * column. The event id is the outbox row's identity, assigned by the database at insert: the stored
 * payload carries 0, and {@link #fromPayload} (a row read back) or {@link #committed} (the writer's hand-off to the
 * relay, with the id the INSERT returned) puts the real id in. The study's
 * sequence number is known at insert (the writer assigns it) and is also taken from the row's column on
 * read, so that events stored before it existed carry it too.
 */
public final class CompletionEvents {

    private CompletionEvents() {
    }

    /** The event of a result about to be stored: its event id is still 0. */
    public static RunCompleted eventOf(RunResult result, long studySeq) {
        return new RunCompleted(WireMessage.SCHEMA_VERSION, 0L, result.studyId(), result.runId(),
                result.seq(), result.attempt(), result.outcome(), result.exitCode(), result.outputs(),
                result.error(), result.agentId(), result.host(), result.startedAt(), result.endedAt(), studySeq,
                result.params(), result.sampler());
    }

    public static String payloadOf(RunCompleted event) {
        return new String(WireCodec.encode(event), StandardCharsets.UTF_8);
    }

    /** The event of a row read back from the outbox. */
    public static OutboxEvent fromPayload(long eventId, long studySeq, String payload) {
        return committed(eventId, studySeq,
                WireCodec.decode(payload.getBytes(StandardCharsets.UTF_8), RunCompleted.class));
    }

    /** The outbox event of a completion whose row was just committed as {@code eventId}, as clients get it. */
    public static OutboxEvent committed(long eventId, long studySeq, RunCompleted stored) {
        RunCompleted completed = withId(eventId, studySeq, stored);
        return new OutboxEvent(eventId, completed.studyId(), studySeq, RunCompleted.TYPE, completed,
                payloadOf(completed));
    }

    private static RunCompleted withId(long eventId, long studySeq, RunCompleted event) {
        return new RunCompleted(event.schemaVersion(), eventId, event.studyId(), event.runId(), event.seq(),
                event.attempt(), event.outcome(), event.exitCode(), event.outputs(), event.error(),
                event.agentId(), event.host(), event.startedAt(), event.endedAt(), studySeq, event.params(),
                event.sampler());
    }
}
