package io.runfleet.results;

import io.runfleet.wire.KeptFile;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the results agents would send. */
public final class TestResults {

    static final Instant START = Instant.parse("2026-01-02T03:04:05.123456Z");
    /** What a succeeded run left in its directory, as an agent reports it. */
    static final KeptFiles KEPT = new KeptFiles("/work/agent-1/run-dir", List.of(
            new KeptFile("out/field.bin", 2_147_483_648L, "ab".repeat(32)), new KeptFile("stdout", 12, "cd".repeat(32))),
            0);

    private TestResults() {
    }

    public static RunResult succeeded(String studyId, String runId, long seq, int attempt, Map<String, Object> params,
            Map<String, Object> outputs) {
        return new RunResult(WireMessage.SCHEMA_VERSION, studyId, runId, seq, attempt, params, ParamHash.of(params),
                RunOutcome.SUCCEEDED, 0, outputs, null, null, "agent-1", "node-1", START, START.plusMillis(1500),
                null, null, KEPT);
    }

    /** A succeeded run of a later stage, made from the result of {@code parentRunId}. */
    static RunResult succeededInStage(String studyId, String runId, long seq, String stage, String parentRunId,
            Map<String, Object> params, Map<String, Object> outputs) {
        return new RunResult(WireMessage.SCHEMA_VERSION, studyId, runId, seq, 1, params, ParamHash.of(params),
                RunOutcome.SUCCEEDED, 0, outputs, null, null, "agent-1", "node-1", START, START.plusMillis(1500),
                stage, parentRunId, null);
    }

    static RunResult failed(String studyId, String runId, long seq, int attempt, Map<String, Object> params,
            int exitCode, String error) {
        return new RunResult(WireMessage.SCHEMA_VERSION, studyId, runId, seq, attempt, params, ParamHash.of(params),
                RunOutcome.FAILED, exitCode, Map.of(), error, "stderr says " + error, "agent-2", "node-2", START,
                START.plusSeconds(2), null, null, null);
    }

    static byte[] bytes(RunResult result) {
        return WireCodec.encode(result);
    }
}
