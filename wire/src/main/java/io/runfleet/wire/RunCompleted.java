package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.time.Instant;
import java.util.Map;

/**
 * Results service to scheduler and subscribers: an attempt's result has been stored. Written to the
 * outbox in the same transaction as the result; consumers drop duplicates by {@code eventId}.
 *
 * @param eventId  the outbox sequence number: unique, increasing in commit order per results service
 * @param studySeq the event's number within its study, from 1 without gaps, written in the same transaction as the
 *                 result: what a sampler resumes after ({@code Last-Event-ID}, {@code ?afterSeq=}); 0 in events of
 *                 older results services (absent there, read as 0; as are params and sampler, read as empty and null)
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

    /** What kind of study event this is, written into the JSON so that clients tell it from {@code study.stopped}. */
    public static final String TYPE = "run.completed";

    /** {@value #TYPE}; written, never read (the record's type says it). */
    @JsonProperty(value = "type", access = JsonProperty.Access.READ_ONLY)
    public String type() {
        return TYPE;
    }

    /**
     * How JSON is read: the fields added for sampler loops may be absent (events of older results services), and a
     * primitive cannot take the null that an absent field injects.
     */
    @JsonCreator
    static RunCompleted fromJson(
            @JsonProperty("schemaVersion") int schemaVersion,
            @JsonProperty("eventId") long eventId,
            @JsonProperty("studyId") String studyId,
            @JsonProperty("runId") String runId,
            @JsonProperty("seq") long seq,
            @JsonProperty("attempt") int attempt,
            @JsonProperty("outcome") RunOutcome outcome,
            @JsonProperty("exitCode") Integer exitCode,
            @JsonProperty("outputs") Map<String, Object> outputs,
            @JsonProperty("error") String error,
            @JsonProperty("agentId") String agentId,
            @JsonProperty("host") String host,
            @JsonProperty("startedAt") Instant startedAt,
            @JsonProperty("endedAt") Instant endedAt,
            @JsonProperty("studySeq") @JacksonInject(value = "studySeq", useInput = OptBoolean.TRUE,
                    optional = OptBoolean.TRUE) Long studySeq,
            @JsonProperty("params") @JacksonInject(value = "params", useInput = OptBoolean.TRUE,
                    optional = OptBoolean.TRUE) Map<String, Object> params,
            @JsonProperty("sampler") @JacksonInject(value = "sampler", useInput = OptBoolean.TRUE,
                    optional = OptBoolean.TRUE) SamplerPoint sampler) {
        return new RunCompleted(schemaVersion, eventId, studyId, runId, seq, attempt, outcome, exitCode, outputs, error,
                agentId, host, startedAt, endedAt, studySeq == null ? 0L : studySeq, params, sampler);
    }

    public RunRef ref() {
        return new RunRef(runId, attempt);
    }
}
