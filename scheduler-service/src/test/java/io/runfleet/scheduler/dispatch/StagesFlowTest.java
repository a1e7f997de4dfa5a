package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stages through the in-memory channels, with the scheduler on the PostgreSQL running here: a SUCCEEDED run makes
 * the runs of the next stage in the transaction that applies its result, and a parent without a used output makes
 * FAILED runs that say so.
 */
@QuarkusTest
class StagesFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static final String TWO_STAGES = """
            name: staged-flow
            parameters: {grid: {x: [1, 2]}, constants: {c: 7}}
            template: {command: [sh, -c, "echo {{ x }}"]}
            outputs: [{json: out.json}]
            stages:
              - name: refine
                parameters: {grid: {z: [1, 2]}}
                uses: [y]
                template: {command: [sh, -c, "echo {{ y }} {{ z }} {{ x }} {{ c }}"], timeout: 5s}
                outputs: [{json: w.json}]
                policy: {retries: 2}
              - name: report
                uses: [w]
                template: {builtin: noop}
            """;

    @Inject
    SchedulerHarness harness;

    @Test
    void aSucceededRunMakesTheNextStagesRunsInTheSameCommit() throws Exception {
        String id = harness.submit(TWO_STAGES);
        assertThat(harness.summary(id).getLong("total")).isEqualTo(2);
        List<RunRequest> first = awaitRequests(id, 2);
        RunRequest withY = first.get(0);
        assertThat(withY.stage()).isEqualTo("main");
        assertThat(withY.parentRunId()).isNull();

        harness.succeeded(withY, Map.of("y", 10, "extra", "kept")).acked.get(10, TimeUnit.SECONDS);

        // no waiting: the result is acknowledged only after the commit that made the children
        List<Map<String, Object>> refine = runsOfStage(id, "refine");
        assertThat(refine).hasSize(2);
        assertThat(refine).extracting(run -> run.get("seq")).containsExactly(2, 3);
        assertThat(refine).allSatisfy(run -> {
            assertThat(run.get("parentRunId")).isEqualTo(withY.runId());
            assertThat(run.get("state")).isIn("PENDING", "DISPATCHED");
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) refine.get(1).get("params");
        assertThat(params).containsEntry("x", 1).containsEntry("c", 7).containsEntry("y", 10)
                .containsEntry("extra", "kept").containsEntry("z", 2);
        assertThat(harness.summary(id).getLong("total")).isEqualTo(4);

        List<RunRequest> refineRequests = awaitStage(id, "refine", 2);
        RunRequest child = refineRequests.get(0);
        assertThat(child.spec().command()).containsExactly("sh", "-c", "echo {{ y }} {{ z }} {{ x }} {{ c }}");
        assertThat(child.spec().timeoutMillis()).isEqualTo(5_000);
        assertThat(child.parentRunId()).isEqualTo(withY.runId());
        assertThat(child.params()).containsEntry("y", 10).containsEntry("z", 1);

        // the stage's own policy: a failure is retried
        harness.complete(child, RunOutcome.FAILED, 1).acked.get(10, TimeUnit.SECONDS);
        assertThat(harness.run(id, child.seq()).getString("state")).isEqualTo("RETRYING");

        // the second parent lacks y: its refine runs are FAILED, saying why
        RunRequest withoutY = first.get(1);
        harness.succeeded(withoutY, Map.of("other", 1)).acked.get(10, TimeUnit.SECONDS);
        List<Map<String, Object>> failed = runsOfStage(id, "refine").stream()
                .filter(run -> withoutY.runId().equals(run.get("parentRunId"))).toList();
        assertThat(failed).hasSize(2).allSatisfy(run -> {
            assertThat(run.get("state")).isEqualTo("FAILED");
            assertThat(run.get("error")).isEqualTo("stage refine needs output 'y' of its parent run "
                    + withoutY.runId() + ", which it lacks");
        });
        assertThat(harness.summary(id).getString("state")).isEqualTo("ACTIVE");

        // the refine runs of the first parent succeed: one report run each, then the study completes
        harness.succeeded(refineRequests.get(1), Map.of("w", 12)).acked.get(10, TimeUnit.SECONDS);
        RunRequest retried = awaitRetry(id, child);
        harness.succeeded(retried, Map.of("w", 11)).acked.get(10, TimeUnit.SECONDS);
        List<RunRequest> reports = awaitStage(id, "report", 2);
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.spec().builtin()).isEqualTo("noop");
            assertThat(report.params()).containsKeys("x", "y", "z", "w");
        });
        assertThat(harness.summary(id).getString("state")).isEqualTo("ACTIVE");
        for (RunRequest report : reports) {
            harness.succeeded(report, Map.of()).acked.get(10, TimeUnit.SECONDS);
        }
        assertThat(harness.summary(id).getString("state")).isEqualTo("COMPLETED");
        assertThat(harness.summary(id).getLong("total")).isEqualTo(8);
    }

    @Test
    void aFailedRunMakesNoRunsOfTheNextStage() throws Exception {
        String id = harness.submit(TWO_STAGES.replace("x: [1, 2]", "x: [1]"));
        RunRequest only = awaitRequests(id, 1).get(0);

        harness.complete(only, RunOutcome.FAILED, 2).acked.get(10, TimeUnit.SECONDS);

        assertThat(runsOfStage(id, "refine")).isEmpty();
        assertThat(harness.summary(id).getString("state")).isEqualTo("COMPLETED");
    }

    @Test
    void aStageRunRendersWithItsStagesTemplateAndARepeatCopiesStageZeroOnly() throws Exception {
        String id = harness.submit(TWO_STAGES.replace("x: [1, 2]", "x: [4]"));
        RunRequest only = awaitRequests(id, 1).get(0);
        harness.succeeded(only, Map.of("y", 40)).acked.get(10, TimeUnit.SECONDS);

        JsonPath rendered = given().when().get("/studies/" + id + "/runs/2/rendered")
                .then().statusCode(200).extract().jsonPath();
        assertThat(rendered.getList("command", String.class)).containsExactly("sh", "-c", "echo 40 2 4 7");

        JsonPath repeated = given().when().post("/studies/" + id + "/repeat")
                .then().statusCode(200).extract().jsonPath();
        assertThat(repeated.getLong("added")).as("one parameter set in stage 0").isEqualTo(1);
        assertThat(repeated.getLong("firstSeq")).isEqualTo(3);
        assertThat(runsOfStage(id, "main")).hasSize(2);
        assertThat(runsOfStage(id, "refine")).hasSize(2);
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }

    private List<RunRequest> awaitStage(String studyId, String stage, int count) {
        await().atMost(PATIENCE).until(() -> ofStage(studyId, stage).size() >= count);
        return ofStage(studyId, stage);
    }

    private List<RunRequest> ofStage(String studyId, String stage) {
        return harness.requests(studyId).stream().filter(request -> request.stage().equals(stage)).toList();
    }

    private RunRequest awaitRetry(String studyId, RunRequest failed) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).stream()
                .anyMatch(request -> request.runId().equals(failed.runId()) && request.attempt() > failed.attempt()));
        return harness.requests(studyId).stream()
                .filter(request -> request.runId().equals(failed.runId()) && request.attempt() > failed.attempt())
                .findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> runsOfStage(String studyId, String stage) {
        JsonPath runs = given().queryParam("limit", 1000).when().get("/studies/" + studyId + "/runs")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = runs.getList("$");
        return all.stream().filter(run -> stage.equals(run.get("stage"))).toList();
    }
}
