package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Agent to results service: how one attempt of one run ended. Stored once per (runId, attempt);
 * parameters and bookkeeping travel along so that the results service can build the results table
 * on its own.
 *
 * @param outputs    parsed outputs (strings, numbers, booleans, nested JSON values)
 * @param error      a one-line reason when the outcome is not SUCCEEDED
 * @param stderrTail the last lines of the command's stderr (bounded)
 * @param exitCode   the command's exit code; null when it never ran or was killed
 * @param stage      the name of the run's stage, copied from the request ({@link Stages#FIRST} for stage 0)
 * @param parentRunId the run of the stage before that this run continues; null in stage 0
 * @param kept       the files the attempt left in its run directory, by reference (path, size, SHA-256); null when
 *                   the study keeps none ({@code keep: none}) or the attempt had no directory (a builtin, a refused
 *                   request)
 * @param sampler    copied from the request: where the run came from in a sampler loop; null outside one (and absent in
 *                   results of older agents, which read as null)
 * @param steps      how each step that ran ended, in order; empty for a builtin or an attempt that never started a step
 *                   (and in results of older agents)
 */
public record RunResult(
        int schemaVersion,
        String studyId,
        String runId,
        long seq,
        int attempt,
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
        String stage,
        String parentRunId,
        KeptFiles kept,
        @JacksonInject(value = "sampler", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        SamplerPoint sampler,
        @JacksonInject(value = "steps", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        List<StepRecord> steps) implements WireMessage {

    public RunResult {
        params = params == null ? Map.of() : params;
        stage = Stages.orFirst(stage);
        outputs = outputs == null ? Map.of() : outputs;
        steps = NullFree.list(steps, "steps");
    }

    public RunResult(int schemaVersion, String studyId, String runId, long seq, int attempt,
                     Map<String, Object> params, String paramHash, RunOutcome outcome, Integer exitCode,
                     Map<String, Object> outputs, String error, String stderrTail, String agentId, String host,
                     Instant startedAt, Instant endedAt, String stage, String parentRunId, KeptFiles kept) {
        this(schemaVersion, studyId, runId, seq, attempt, params, paramHash, outcome, exitCode, outputs, error,
                stderrTail, agentId, host, startedAt, endedAt, stage, parentRunId, kept, null);
    }

    public RunResult(int schemaVersion, String studyId, String runId, long seq, int attempt,
                     Map<String, Object> params, String paramHash, RunOutcome outcome, Integer exitCode,
                     Map<String, Object> outputs, String error, String stderrTail, String agentId, String host,
                     Instant startedAt, Instant endedAt, String stage, String parentRunId, KeptFiles kept,
                     SamplerPoint sampler) {
        this(schemaVersion, studyId, runId, seq, attempt, params, paramHash, outcome, exitCode, outputs, error,
                stderrTail, agentId, host, startedAt, endedAt, stage, parentRunId, kept, sampler, null);
    }

    public RunRef ref() {
        return new RunRef(runId, attempt);
    }
}
