package io.runfleet.results.outbox;

import io.runfleet.wire.RunCompleted;

/**
 * One outbox row, decoded: a run's completion ({@code completed} set, with the row's event id and study sequence
 * number filled in) or a study's stop ({@code completed} null). {@code json} is what clients get in either case
 * (SSE data, the pull form, the broadcast).
 *
 * @param studySeq the event's number within its study, from 1 without gaps
 * @param type     {@value RunCompleted#TYPE} or {@value StudyStopEvents#TYPE}
 */
public record OutboxEvent(long eventId, String studyId, long studySeq, String type, RunCompleted completed,
        String json) {

    public boolean isRunCompleted() {
        return completed != null;
    }

    /** For log lines: the attempt, or the study that stopped. */
    public String describe() {
        return completed != null ? completed.ref().toString() : "the stop of study " + studyId;
    }
}
