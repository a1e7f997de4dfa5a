package io.runfleet.results.store;

import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.SamplerPoint;
import io.runfleet.wire.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt as the database holds it: the agent's result plus the time it was received.
 *
 * @param stage       the name of the run's stage ({@code main} for stage 0)
 * @param parentRunId the run of the stage before that this run continues; null in stage 0
 * @param kept        the files the attempt left in its run directory, by reference; null when none were kept
 * @param sampler     where the run came from in its study's sampler loop; null outside one
 * @param steps       how each step of the attempt ended, in order; empty for the short form (one command or builtin)
 */
public record StoredAttempt(
        String studyId,
        String runId,
        int attempt,
        long seq,
        Map<String, Object> params,
        String paramHash,
        RunOutcome outcome,
        Integer exitCode,
        Map<String, Object> outputs,
        String error,
        String stderrTail,
        String agentId,
        String host,
        Instant startedAt,
        Instant endedAt,
        Instant receivedAt,
        String stage,
        String parentRunId,
        KeptFiles kept,
        SamplerPoint sampler,
        List<StepRecord> steps) {

    public StoredAttempt {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** An attempt without step records. */
    public StoredAttempt(String studyId, String runId, int attempt, long seq, Map<String, Object> params,
                         String paramHash, RunOutcome outcome, Integer exitCode, Map<String, Object> outputs,
                         String error, String stderrTail, String agentId, String host, Instant startedAt,
                         Instant endedAt, Instant receivedAt, String stage, String parentRunId, KeptFiles kept,
                         SamplerPoint sampler) {
        this(studyId, runId, attempt, seq, params, paramHash, outcome, exitCode, outputs, error, stderrTail, agentId,
                host, startedAt, endedAt, receivedAt, stage, parentRunId, kept, sampler, List.of());
    }
}
