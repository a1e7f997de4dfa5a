package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.Map;

/**
 * Scheduler to agent: execute one attempt of one run. Everything the agent needs travels here.
 *
 * @param attempt            the dispatch number of this run, from 1; every dispatch is a new attempt,
 *                           so a stale copy is always told apart from the current one
 * @param seq                the run's sequence number within its study, from 0
 * @param params             the run's parameter values (strings, numbers, booleans)
 * @param paramHash          SHA-1 of the canonical JSON of {@code params}
 * @param heartbeatMillis    how often the agent must report on this run while it holds it
 * @param stage              the name of the run's stage ({@link Stages#FIRST} for stage 0); its spec is {@code spec}
 * @param parentRunId        the run of the stage before whose result made this run; null in stage 0
 * @param pool               the pool whose agents alone may run it ({@link Pools}); null for agents without a pool.
 *                           Absent in requests of schedulers before pools, which read as null
 * @param sampler            where the run came from in its study's sampler loop; null for runs of a parameter space.
 *                           Absent in requests of older schedulers, which read as null
 */
public record RunRequest(
        int schemaVersion,
        String studyId,
        String runId,
        long seq,
        int attempt,
        Map<String, Object> params,
        String paramHash,
        RunSpec spec,
        long heartbeatMillis,
        String stage,
        String parentRunId,
        @JacksonInject(value = "pool", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String pool,
        @JacksonInject(value = "sampler", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        SamplerPoint sampler) implements WireMessage {

    public RunRequest {
        params = params == null ? Map.of() : params;
        stage = Stages.orFirst(stage);
    }

    /** A request without a pool. */
    public RunRequest(int schemaVersion, String studyId, String runId, long seq, int attempt, Map<String, Object> params,
                      String paramHash, RunSpec spec, long heartbeatMillis, String stage, String parentRunId) {
        this(schemaVersion, studyId, runId, seq, attempt, params, paramHash, spec, heartbeatMillis, stage, parentRunId,
                null);
    }

    public RunRequest(int schemaVersion, String studyId, String runId, long seq, int attempt, Map<String, Object> params,
                      String paramHash, RunSpec spec, long heartbeatMillis, String stage, String parentRunId,
                      String pool) {
        this(schemaVersion, studyId, runId, seq, attempt, params, paramHash, spec, heartbeatMillis, stage, parentRunId,
                pool, null);
    }

    public RunRef ref() {
        return new RunRef(runId, attempt);
    }
}
