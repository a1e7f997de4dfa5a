package io.runfleet.results.store;

import io.runfleet.wire.RunResult;
import org.eclipse.microprofile.reactive.messaging.Message;

/** A decoded result waiting for the writer, with the transport message to ack once it is committed. */
record PendingResult(RunResult result, Message<?> message) {
}
