package io.runfleet.wire;

import java.time.Instant;
import java.util.Map;

/**
 * Results service to scheduler and subscribers: an attempt's result has been stored. Written to the
 * outbox in the same transaction as the result; consumers drop duplicates by {@code eventId}.
 *
 * @param eventId  the outbox sequence number: unique, increasing in commit order per results service
 */
public record RunCompleted(
        int schemaVersion,
        long eventId,
        String studyId,
        String runId,
        long seq,
        int attempt,
        RunOutcome outcome,
        Integer exitCode,
        Map<String, Object> outputs,
        String error,
        String agentId,
        String host,
        Instant startedAt,
        Instant endedAt) implements WireMessage {

    public RunCompleted {
        outputs = outputs == null ? Map.of() : outputs;
    }

    public RunRef ref() {
        return new RunRef(runId, attempt);
    }
}
