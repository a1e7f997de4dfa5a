package io.runfleet.results.outbox;

import java.util.function.Supplier;

/**
 * An event the writer has just committed, for the relay: its id, and how to build it as it is sent. Building it
 * (encoding the JSON with the id in it) is left to the relay's thread, so that the writer, on which all ingest
 * waits, does not do it.
 */
public record CommittedEvent(long eventId, Supplier<OutboxEvent> event) {
}
