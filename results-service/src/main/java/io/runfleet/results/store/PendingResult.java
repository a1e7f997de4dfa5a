package io.runfleet.results.store;

import io.runfleet.wire.RunResult;
import io.runfleet.wire.StudyStopped;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A decoded message waiting for the writer, with the transport message to ack once it is committed: a run's result,
 * or a study's stop (exactly one of the two is set). Both go through the one writer, which numbers study events.
 */
record PendingResult(RunResult result, StudyStopped stop, Message<?> message) {

    static PendingResult of(RunResult result, Message<?> message) {
        return new PendingResult(result, null, message);
    }

    static PendingResult of(StudyStopped stop, Message<?> message) {
        return new PendingResult(null, stop, message);
    }

    /** For log lines: the attempt, or the study that stopped. */
    String describe() {
        return result != null ? result.ref().toString() : "the stop of study " + stop.studyId();
    }
}
