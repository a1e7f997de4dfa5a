package io.runfleet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final RunSpec SPEC = new RunSpec(List.of("sh", "run.sh", "{{ x }}"), false, null,
            Map.of("OMP_NUM_THREADS", "1"), Map.of("input.txt", "x = {{ x }}\n"), 5_000,
            List.of(new OutputSpec(OutputSpec.JSON, "result.json", null)), "all");

    @Test
    void aCompletionEventOfAnOlderResultsServiceReadsWithoutTheSamplerFields() {
        byte[] older = """
                {"schemaVersion": 1, "eventId": 7, "studyId": "s", "runId": "r", "seq": 0, "attempt": 1,
                 "outcome": "SUCCEEDED", "exitCode": 0, "outputs": {"y": 1}, "error": null,
                 "agentId": "a", "host": "h", "startedAt": null, "endedAt": null}
                """.getBytes(StandardCharsets.UTF_8);

        RunCompleted event = WireCodec.decode(older, RunCompleted.class);

        assertThat(event.studySeq()).isZero();
        assertThat(event.params()).isEmpty();
        assertThat(event.sampler()).isNull();
    }

    @Test
    void aCompletionEventSaysItsTypeAndReadsBackWithIt() {
        RunCompleted event = new RunCompleted(1, 7, "s", "r", 0, 1, RunOutcome.SUCCEEDED, 0, Map.of(), null, "a", "h",
                null, null, 3, Map.of("x", 1), new SamplerPoint("p-1", 2));

        byte[] json = WireCodec.encode(event);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"type\":\"run.completed\"")
                .contains("\"studySeq\":3").contains("\"clientPointId\":\"p-1\"");
        assertThat(WireCodec.decode(json, RunCompleted.class)).isEqualTo(event);
    }

    @Test
    void aStudyStopReadsBack() {
        StudyStopped stop = new StudyStopped(1, "s", "budget exhausted", Instant.parse("2026-12-07T01:00:00Z"));

        assertThat(WireCodec.decode(WireCodec.encode(stop), StudyStopped.class)).isEqualTo(stop);
    }

    @Test
    void runRequestSurvivesTheRoundTrip() {
        RunRequest request = new RunRequest(WireMessage.SCHEMA_VERSION, "st1", "r1", 7, 2,
                Map.of("x", 1.5, "name", "a b"), "hash", SPEC, 2_000, "refine", "parent-1");

        RunRequest decoded = WireCodec.decode(WireCodec.encode(request), RunRequest.class);

        assertThat(decoded).isEqualTo(request);
    }

    @Test
    void aRunRequestKeepsItsPool() {
        RunRequest request = new RunRequest(WireMessage.SCHEMA_VERSION, "st1", "r1", 7, 2, Map.of("x", 1.5), "hash",
                SPEC, 2_000, "main", null, "study-st1");

        assertThat(WireCodec.decode(WireCodec.encode(request), RunRequest.class).pool()).isEqualTo("study-st1");
    }

    @Test
    void aRunRequestFromBeforePoolsReadsAsOneWithoutAPool() {
        RunRequest request = new RunRequest(WireMessage.SCHEMA_VERSION, "st1", "r1", 7, 2, Map.of("x", 1.5), "hash",
                SPEC, 2_000, "main", null);
        String json = new String(WireCodec.encode(request), StandardCharsets.UTF_8).replace(",\"pool\":null", "");

        assertThat(json).doesNotContain("pool");
        assertThat(WireCodec.decode(json.getBytes(StandardCharsets.UTF_8), RunRequest.class)).isEqualTo(request);
    }

    @Test
    void aRunRequestWithAPoolThatCannotNameAQueueIsRefusedNamingTheField() {
        RunRequest request = new RunRequest(WireMessage.SCHEMA_VERSION, "st1", "r1", 7, 2, Map.of(), "hash", SPEC,
                2_000, "main", null, "a pool");

        assertThatThrownBy(() -> WireCodec.decode(WireCodec.encode(request), RunRequest.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("field 'pool'");
    }

    @Test
    void resultKeepsInstantsAndNullExitCode() {
        RunResult result = new RunResult(1, "st1", "r1", 0, 1, Map.of("x", 1), "h", RunOutcome.TIMED_OUT,
                null, Map.of(), "timed out", "", "agent-1", "node1",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:02.5Z"), "refine", "p1",
                new KeptFiles("/work/st1/0-r1-a1", List.of(new KeptFile("out/big.bin", 2_147_483_648L,
                        "a".repeat(64)), new KeptFile("stdout", 0, "e".repeat(64))), 0));

        assertThat(WireCodec.decode(WireCodec.encode(result), RunResult.class)).isEqualTo(result);
    }

    @Test
    void aResultFromBeforeFileReferencesIsRefusedNamingTheField() {
        RunResult result = new RunResult(1, "st1", "r1", 0, 1, Map.of(), "h", RunOutcome.SUCCEEDED, 0, Map.of(),
                null, "", "agent-1", "node1", null, null, "main", null, null);
        String json = new String(WireCodec.encode(result), StandardCharsets.UTF_8).replace(",\"kept\":null", "");

        assertThat(json).doesNotContain("kept");
        assertThatThrownBy(() -> WireCodec.decode(json.getBytes(StandardCharsets.UTF_8), RunResult.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("kept");
    }

    @Test
    void identifiersLongerThanTheOneLimitAreRefusedWhereTheyAreDecodedNamingTheField() {
        String longest = "a".repeat(Identifiers.MAX_LENGTH);
        RunResult fits = new RunResult(1, "st1", "r1", 0, 1, Map.of(), "h", RunOutcome.SUCCEEDED, 0, Map.of(),
                null, "", longest, "node1", null, null, "main", null, null);
        assertThat(WireCodec.decode(WireCodec.encode(fits), RunResult.class).agentId()).isEqualTo(longest);

        RunResult tooLong = new RunResult(1, "st1", "r1", 0, 1, Map.of(), "h", RunOutcome.SUCCEEDED, 0, Map.of(),
                null, "", longest + "b", "node1", null, null, "main", null, null);
        assertThatThrownBy(() -> WireCodec.decode(WireCodec.encode(tooLong), RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("field 'agentId' has 256 characters; identifiers may have at most 255");
        AgentReport report = new AgentReport(1, AgentReport.Kind.STARTED, "agent-1", "node1", null,
                List.of(new RunRef("r".repeat(256), 1)), null);
        assertThatThrownBy(() -> WireCodec.decode(WireCodec.encode(report), AgentReport.class))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("field 'runs[0].runId'");
    }

    @Test
    void aRunWithoutStageIsOfTheFirstStage() {
        RunResult result = new RunResult(1, "st1", "r1", 0, 1, Map.of(), "h", RunOutcome.SUCCEEDED, 0, Map.of(),
                null, "", "agent-1", "node1", null, null, null, null, null);
        String json = new String(WireCodec.encode(result), StandardCharsets.UTF_8).replace("\"stage\":\"main\"",
                "\"stage\":null");

        RunResult decoded = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8), RunResult.class);

        assertThat(decoded.stage()).isEqualTo(Stages.FIRST);
        assertThat(decoded.parentRunId()).isNull();
        assertThat(json).contains("\"stage\":null");
    }

    @Test
    void cancelRunsSurvivesTheRoundTripAndRefusesANullRef() {
        CancelRuns cancel = new CancelRuns(WireMessage.SCHEMA_VERSION,
                List.of(new RunRef("r1", 2), new RunRef("r2", 1)), "study st1 cancelled");

        assertThat(WireCodec.decode(WireCodec.encode(cancel), CancelRuns.class)).isEqualTo(cancel);
        assertThatThrownBy(() -> WireCodec.decode(
                "{\"schemaVersion\":1,\"runs\":[null],\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                CancelRuns.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("unreadable CancelRuns")
                .hasMessageContaining("field 'runs' holds null at [0]");
    }

    @Test
    void aRunReferenceWithoutRunIdIsRefusedByItsPlaceInTheList() {
        byte[] heartbeat = """
                {"schemaVersion": 1, "kind": "HEARTBEAT", "agentId": "a", "host": "h", "at": null, "reason": null,
                 "runs": [{"runId": "r1", "attempt": 1}, {"runId": null, "attempt": 2}]}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(heartbeat, AgentReport.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("AgentReport lacks required field 'runs[1].runId'");
    }

    @Test
    void aNumberBeyondTheRangeOfADoubleIsRefusedRatherThanReadAsInfinity() {
        byte[] huge = """
                {"schemaVersion": 1, "eventId": 1, "studyId": "s", "runId": "r", "seq": 0, "attempt": 1,
                 "outcome": "SUCCEEDED", "exitCode": 0, "outputs": {"energy": [1.5, 1e400]}, "error": null,
                 "agentId": "a", "host": "h", "startedAt": null, "endedAt": null}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(huge, RunCompleted.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("RunCompleted field 'outputs.energy[1]' holds a number beyond the range of a double; "
                        + "send it as a string");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedByTheFieldsPath() {
        byte[] json = requestWith("\"timeoutMillis\":5000", "\"timeoutMillis\":{\"ms\":5000}");

        assertThatThrownBy(() -> WireCodec.decode(json, RunRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("unreadable RunRequest, field 'spec.timeoutMillis': ");
    }

    @Test
    void aNullInANestedListIsRefusedByTheFieldsName() {
        byte[] json = requestWith("\"command\":[\"sh\"", "\"command\":[null");

        assertThatThrownBy(() -> WireCodec.decode(json, RunRequest.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("field 'spec'")
                .hasMessageContaining("field 'command' holds null at [0]");
    }

    @Test
    void nestingPastTheReadersLimitIsRefusedWithTheFieldItStartsIn() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        byte[] json = ("{\"schemaVersion\": 1, \"studyId\": \"s\", \"runId\": \"r\", \"params\": {\"x\": " + deep
                + "}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(json, RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("unreadable RunResult, field 'params")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void badJsonIsMalformed() {
        assertThatThrownBy(() -> WireCodec.decode("{not json".getBytes(StandardCharsets.UTF_8), RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unreadable RunResult");
    }

    @Test
    void unknownSchemaVersionIsRefused() {
        byte[] future = """
                {"schemaVersion": 99, "kind": "HEARTBEAT", "agentId": "a", "host": "h", "at": null, "runs": [], "reason": null}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(future, AgentReport.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("schema version 99 (field 'schemaVersion')");
    }

    @Test
    void missingIdentityFieldIsRefusedByName() {
        byte[] noRunId = """
                {"schemaVersion": 1, "studyId": "s", "attempt": 1, "outcome": "SUCCEEDED"}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(noRunId, RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'runId'");
    }

    @Test
    void anyMissingFieldIsRefusedByName() {
        byte[] noHost = """
                {"schemaVersion": 1, "kind": "HEARTBEAT", "agentId": "a", "at": null, "runs": [], "reason": null}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(noHost, AgentReport.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'host'");
    }

    @Test
    void missingSchemaVersionIsRefused() {
        byte[] noVersion = """
                {"kind": "HEARTBEAT", "agentId": "a"}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> WireCodec.decode(noVersion, AgentReport.class))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        byte[] newer = """
                {"schemaVersion": 1, "kind": "HEARTBEAT", "agentId": "a", "host": "h", "at": null, "runs": [],
                 "reason": null, "gpu": "A100"}
                """.getBytes(StandardCharsets.UTF_8);

        assertThat(WireCodec.decode(newer, AgentReport.class).agentId()).isEqualTo("a");
    }

    @Test
    void oversizedAndEmptyPayloadsAreRefusedUnread() {
        assertThatThrownBy(() -> WireCodec.decode(new byte[WireCodec.MAX_MESSAGE_BYTES + 1], RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> WireCodec.decode(new byte[0], RunResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty");
    }

    /** A valid run request's JSON with one part replaced. */
    private static byte[] requestWith(String part, String replacement) {
        String json = new String(WireCodec.encode(new RunRequest(WireMessage.SCHEMA_VERSION, "st1", "r1", 0, 1,
                Map.of(), "h", SPEC, 2_000, null, null)), StandardCharsets.UTF_8);
        assertThat(json).contains(part);
        return json.replace(part, replacement).getBytes(StandardCharsets.UTF_8);
    }
}
