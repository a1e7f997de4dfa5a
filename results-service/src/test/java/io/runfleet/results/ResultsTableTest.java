package io.runfleet.results;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.StepRecord;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ResultsTableTest {

    @Inject
    @Any
    InMemoryConnector connector;

    String study;
    String runA;
    String runB;

    @BeforeEach
    void storeAStudyWithARetriedRunAndAFailedOne() {
        study = "table-" + UUID.randomUUID();
        // Run ids are unique across studies, as the scheduler makes them.
        runA = study + "-run-a";
        runB = study + "-run-b";
        Map<String, Object> paramsA = new LinkedHashMap<>();
        paramsA.put("x", 1);
        paramsA.put("label", "a,\"b\"");
        Map<String, Object> outputsA = new LinkedHashMap<>();
        outputsA.put("x", 7);
        outputsA.put("energy", 2.5);
        Map<String, Object> paramsB = new LinkedHashMap<>();
        paramsB.put("x", 2);
        paramsB.put("label", "plain");
        // Delivered out of order: the table must still pick the highest attempt and order by seq.
        store(TestResults.failed(study, runB, 2, 1, paramsB, 3, "solver diverged"));
        store(TestResults.succeeded(study, runA, 1, 2, paramsA, outputsA));
        store(TestResults.failed(study, runA, 1, 1, paramsA, 137, "killed"));
    }

    @Test
    void jsonHasOneTypedRowPerRunWithItsHighestAttempt() {
        JsonPath rows = given().when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("application/json"))
                .extract().jsonPath();

        assertThat(rows.getList("$")).hasSize(2);
        assertThat(rows.getMap("[0]")).containsOnlyKeys("x", "label", "out_x", "energy", "_study_id", "_run_id",
                "_seq", "_stage", "_parent_run_id", "_client_point_id", "_sampler_round", "_param_hash", "_attempt",
                "_state", "_exit_code", "_agent",
                "_host", "_start", "_end", "_runtime_s", "_error", "_stderr", "_run_dir", "_files", "_steps");
        assertThat(rows.getInt("[0].x")).isEqualTo(1);
        assertThat(rows.getString("[0].label")).isEqualTo("a,\"b\"");
        assertThat(rows.getInt("[0].out_x")).isEqualTo(7);
        assertThat(rows.getDouble("[0].energy")).isEqualTo(2.5);
        assertThat(rows.getString("[0]._run_id")).isEqualTo(runA);
        assertThat(rows.getInt("[0]._attempt")).isEqualTo(2);
        assertThat(rows.getString("[0]._state")).isEqualTo("SUCCEEDED");
        assertThat(rows.getInt("[0]._exit_code")).isZero();
        assertThat(rows.getString("[0]._agent")).isEqualTo("agent-1");
        assertThat(rows.getString("[0]._start")).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(rows.getDouble("[0]._runtime_s")).isEqualTo(1.5);
        assertThat(rows.getString("[0]._error")).isNull();
        assertThat(rows.getString("[0]._stage")).isEqualTo("main");
        assertThat(rows.getString("[0]._parent_run_id")).isNull();

        assertThat(rows.getString("[1]._run_id")).isEqualTo(runB);
        assertThat(rows.getString("[1]._state")).isEqualTo("FAILED");
        assertThat(rows.getInt("[1]._exit_code")).isEqualTo(3);
        assertThat(rows.getString("[1]._error")).isEqualTo("solver diverged");
        assertThat(rows.getString("[1]._stderr")).isEqualTo("stderr says solver diverged");
        assertThat(rows.getString("[0]._stderr")).as("successful runs carry no stderr column value").isNull();
        assertThat(rows.getMap("[1]")).as("every row holds every column").containsEntry("out_x", null)
                .containsEntry("energy", null);
    }

    @Test
    void csvHasTheUnionOfColumnsAndQuotesCells() {
        String csv = given().queryParam("format", "csv").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();

        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("x,label,out_x,energy,_study_id,_run_id,_seq,_stage,_parent_run_id,"
                + "_client_point_id,_sampler_round,_param_hash,_attempt,"
                + "_state,_exit_code,_agent,_host,_start,_end,_runtime_s,_error,_stderr,_run_dir,_files,_steps");
        assertThat(lines.get(1)).startsWith("1,\"a,\"\"b\"\"\",7,2.5," + study + "," + runA + ",1,main,,")
                .contains(",2,SUCCEEDED,0,agent-1,node-1,2026-01-02T03:04:05.123456Z,")
                .endsWith(",1.5,,,/work/agent-1/run-dir,\"[{\"\"path\"\":\"\"out/field.bin\"\",\"\"size\"\":2147483648,"
                        + "\"\"sha256\"\":\"\"" + "ab".repeat(32) + "\"\"},{\"\"path\"\":\"\"stdout\"\",\"\"size\"\":12,"
                        + "\"\"sha256\"\":\"\"" + "cd".repeat(32) + "\"\"}]\",");
        assertThat(lines.get(2)).startsWith("2,plain,,," + study + "," + runB + ",2,")
                .endsWith(",1,FAILED,3,agent-2,node-2,2026-01-02T03:04:05.123456Z,2026-01-02T03:04:07.123456Z,2.0,"
                        + "solver diverged,stderr says solver diverged,,,");
    }

    @Test
    void aStageFilterGivesThatStagesRowsWithTheirParent() {
        String child = study + "-run-c";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("x", 1);
        params.put("label", "a,\"b\"");
        params.put("energy", 2.5);
        params.put("z", 2);
        store(TestResults.succeededInStage(study, child, 3, "refine", runA, params, Map.of("w", 4.5)));

        JsonPath refine = given().queryParam("stage", "refine").when().get("/studies/{id}/results", study)
                .then().statusCode(200).extract().jsonPath();
        assertThat(refine.getList("_run_id", String.class)).containsExactly(child);
        assertThat(refine.getString("[0]._stage")).isEqualTo("refine");
        assertThat(refine.getString("[0]._parent_run_id")).isEqualTo(runA);
        assertThat(refine.getDouble("[0].w")).isEqualTo(4.5);

        JsonPath main = given().queryParam("stage", "main").when().get("/studies/{id}/results", study)
                .then().statusCode(200).extract().jsonPath();
        assertThat(main.getList("_run_id", String.class)).containsExactly(runA, runB);

        String csv = given().queryParam("format", "csv").queryParam("stage", "refine")
                .when().get("/studies/{id}/results", study).then().statusCode(200).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("," + child + ",3,refine," + runA + ",");
        given().queryParam("stage", " ").when().get("/studies/{id}/results", study)
                .then().statusCode(400).body("error", containsString("'stage'"));
    }

    @Test
    void acceptHeaderChoosesCsvAndAnUnknownFormatIsRefused() {
        given().accept("text/csv").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("text/csv"))
                .body(containsString(runB));
        given().queryParam("format", "xlsx").when().get("/studies/{id}/results", study)
                .then().statusCode(400).body("error", containsString("format=csv"));
    }

    @Test
    void attemptsListEveryAttemptOfEveryRun() {
        JsonPath attempts = given().when().get("/studies/{id}/attempts", study)
                .then().statusCode(200).extract().jsonPath();

        assertThat(attempts.getList("runId", String.class)).containsExactly(runA, runA, runB);
        assertThat(attempts.getList("attempt", Integer.class)).containsExactly(1, 2, 1);
        assertThat(attempts.getString("[0].error")).isEqualTo("killed");
        assertThat(attempts.getString("[0].stderrTail")).isEqualTo("stderr says killed");
        assertThat(attempts.getInt("[0].params.x")).isEqualTo(1);
        assertThat(attempts.getString("[1].receivedAt")).isNotBlank();
    }

    @Test
    void keptFilesAreReferencesInTheTableAndTheHistoryNeverTheirContent() {
        JsonPath rows = given().when().get("/studies/{id}/results", study)
                .then().statusCode(200).extract().jsonPath();
        assertThat(rows.getString("[0]._run_dir")).isEqualTo("/work/agent-1/run-dir");
        assertThat(rows.getList("[0]._files.path", String.class)).containsExactly("out/field.bin", "stdout");
        assertThat(rows.getLong("[0]._files[0].size")).isEqualTo(2_147_483_648L);
        assertThat(rows.getString("[0]._files[0].sha256")).isEqualTo("ab".repeat(32));
        assertThat(rows.getString("[1]._run_dir")).as("a run that kept nothing").isNull();
        assertThat(rows.getList("[1]._files")).isNull();

        JsonPath attempts = given().when().get("/studies/{id}/attempts", study)
                .then().statusCode(200).extract().jsonPath();
        assertThat(attempts.getString("[1].kept.directory")).isEqualTo("/work/agent-1/run-dir");
        assertThat(attempts.getList("[1].kept.files.sha256", String.class))
                .containsExactly("ab".repeat(32), "cd".repeat(32));
        assertThat(attempts.getInt("[1].kept.omitted")).isZero();
        assertThat(attempts.getString("[0].kept")).as("a failed attempt that kept nothing").isNull();
    }

    @Test
    void healthIsUpWhileTheDatabaseAnswers() {
        given().when().get("/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * Runs of one study list their outputs in the order the study declares them, but not every run has every output:
     * the first run here has none, the second only its regex output. Every format still gives the declared order.
     */
    @Test
    void outputColumnsComeInTheDeclaredOrderInEveryFormatWhicheverRunComesFirst() {
        String ordered = "ordered-" + UUID.randomUUID();
        Map<String, Object> onlyEnergy = new LinkedHashMap<>();
        onlyEnergy.put("energy", 1.5);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("t_mean", 300.5);
        all.put("t_max", 310);
        all.put("energy", 2.5);
        store(TestResults.failed(ordered, ordered + "-0", 0, 1, Map.of("k", 1), 1, "no result.json"));
        store(TestResults.succeeded(ordered, ordered + "-1", 1, 1, Map.of("k", 2), onlyEnergy));
        store(TestResults.succeeded(ordered, ordered + "-2", 2, 1, Map.of("k", 3), all));
        List<String> declared = List.of("k", "t_mean", "t_max", "energy", "_study_id");

        String csvHeader = given().queryParam("format", "csv").when().get("/studies/{id}/results", ordered)
                .then().statusCode(200).extract().asString().lines().findFirst().orElseThrow();
        assertThat(List.of(csvHeader.split(","))).startsWith(declared.toArray(String[]::new));
        String json = given().queryParam("format", "json").when().get("/studies/{id}/results", ordered)
                .then().statusCode(200).extract().asString();
        String jsonl = given().queryParam("format", "jsonl").when().get("/studies/{id}/results", ordered)
                .then().statusCode(200).extract().asString();
        List<String> rows = new ArrayList<>(jsonl.lines().toList());
        readTree(json).forEach(row -> rows.add(row.toString()));
        assertThat(rows).hasSize(6);
        for (String row : rows) {
            assertThat(keys(row)).as(row).startsWith(declared.toArray(String[]::new))
                    .containsExactlyElementsOf(List.of(csvHeader.split(",")));
        }
    }

    /** The keys of a JSON object in the order the text holds them. */
    private static List<String> keys(String object) {
        List<String> keys = new ArrayList<>();
        readTree(object).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void stepRecordsAreStoredPerAttemptAndShownInTheTableAndTheHistory() {
        String stepsStudy = "steps-" + UUID.randomUUID();
        RunResult plain = TestResults.failed(stepsStudy, stepsStudy + "-run", 1, 1, Map.of("x", 1), 3,
                "step 'simulate' exited with 3");
        List<StepRecord> steps = List.of(new StepRecord("pre", RunOutcome.SUCCEEDED, 0, 12),
                new StepRecord("simulate", RunOutcome.FAILED, 3, 345),
                new StepRecord("post", RunOutcome.SUCCEEDED, 0, 6));
        store(new RunResult(plain.schemaVersion(), plain.studyId(), plain.runId(), plain.seq(), plain.attempt(),
                plain.params(), plain.paramHash(), plain.outcome(), plain.exitCode(), plain.outputs(), plain.error(),
                plain.stderrTail(), plain.agentId(), plain.host(), plain.startedAt(), plain.endedAt(), null, null,
                null, null, steps));

        JsonPath rows = given().when().get("/studies/{id}/results", stepsStudy)
                .then().statusCode(200).extract().jsonPath();
        assertThat(rows.getList("[0]._steps.name", String.class)).containsExactly("pre", "simulate", "post");
        assertThat(rows.getList("[0]._steps.outcome", String.class)).containsExactly("SUCCEEDED", "FAILED",
                "SUCCEEDED");
        assertThat(rows.getInt("[0]._steps[1].exitCode")).isEqualTo(3);
        assertThat(rows.getLong("[0]._steps[1].durationMillis")).isEqualTo(345);
        JsonPath attempts = given().when().get("/studies/{id}/attempts", stepsStudy)
                .then().statusCode(200).extract().jsonPath();
        assertThat(attempts.getList("[0].steps.name", String.class)).containsExactly("pre", "simulate", "post");
        assertThat(given().when().get("/studies/{id}/attempts", study).then().statusCode(200).extract().jsonPath()
                .getList("[0].steps")).as("the short form records no steps").isEmpty();
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError(json, e);
        }
    }

    private void store(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        await().atMost(Duration.ofSeconds(30)).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.ACKED);
    }
}
