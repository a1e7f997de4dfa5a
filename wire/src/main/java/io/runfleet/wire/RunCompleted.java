package io.runfleet.wire;

import java.time.Instant;
import java.util.Map;

/**
 * Results service to scheduler and subscribers: an attempt's result has been stored. Written to the
 * outbox in the same transaction as the result; consumers drop duplicates by {@code eventId}.
 *
 * @param eventId  the outbox sequence number: unique, increasing in commit order per results service
 * @param studySeq the event's number within its study, from 1 without gaps, written in the same transaction as the
 *                 result: what a sampler resumes after ({@code Last-Event-ID}, {@code ?afterSeq=}); 0 in events of
 *                 older results services
 * @param params   the run's parameter values, so that a sampler learns the point without asking the scheduler
 * @param sampler  where the run came from in its study's sampler loop; null outside one
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
        Instant endedAt,
        long studySeq,
        Map<String, Object> params,
        SamplerPoint sampler) implements WireMessage {

    public RunCompleted {
        outputs = outputs == null ? Map.of() : outputs;
        params = params == null ? Map.of() : params;
    }

    public RunCompleted(int schemaVersion, long eventId, String studyId, String runId, long seq, int attempt,
                        RunOutcome outcome, Integer exitCode, Map<String, Object> outputs, String error, String agentId,
                        String host, Instant startedAt, Instant endedAt) {
        this(schemaVersion, eventId, studyId, runId, seq, attempt, outcome, exitCode, outputs, error, agentId, host,
                startedAt, endedAt, 0L, null, null);
    }

    public RunRef ref() {
        return new RunRef(runId, attempt);
    }
}
