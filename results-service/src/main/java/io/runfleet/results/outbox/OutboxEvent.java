package io.runfleet.results.outbox;

import io.runfleet.wire.RunCompleted;

/** One outbox row, its payload decoded with the row's event id filled in. */
public record OutboxEvent(long eventId, String studyId, RunCompleted event) {
}
