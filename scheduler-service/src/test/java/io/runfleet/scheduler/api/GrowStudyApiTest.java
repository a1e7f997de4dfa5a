package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Extending, repeating and resuming stored studies over REST, with the scheduler on the PostgreSQL here. */
@QuarkusTest
class GrowStudyApiTest {

    private static final String TWO_POINTS = """
            name: grow
            parameters: {grid: {x: [1, 2]}, constants: {steps: 10}}
            template: {command: [echo, "{{ x }}", "{{ steps }}"]}
            """;

    @Inject
    SchedulerHarness harness;

    private StudyRuns studyRuns;

    @BeforeEach
    void setUp() {
        studyRuns = new StudyRuns(harness);
    }

    private static JsonPath extend(String studyId, String yaml, boolean skipDuplicates, int status) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .queryParam("skipDuplicates", skipDuplicates)
                .when().post("/studies/" + studyId + "/extend")
                .then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath post(String path, int status) {
        return given().when().post(path).then().statusCode(status).extract().jsonPath();
    }

    @Test
    void extendAppendsRunsAfterTheLastOneLeavesEarlierRunsAloneAndReopensTheStudy() throws Exception {
        String id = studyRuns.completedStudy(TWO_POINTS, 2);
        List<Map<String, Object>> before = StudyRuns.runs(id);

        JsonPath grown = extend(id, "parameters: {grid: {x: [3, 4]}, constants: {steps: 10}}\n", false, 200);

        assertThat(grown.getLong("added")).isEqualTo(2);
        assertThat(grown.getLong("skipped")).isZero();
        assertThat(grown.getLong("firstSeq")).isEqualTo(2);
        assertThat(grown.getLong("total")).isEqualTo(4);
        assertThat(grown.getString("state")).isEqualTo("ACTIVE");
        assertThat(StudyRuns.summary(id).getString("state")).isEqualTo("ACTIVE");
        assertThat(StudyRuns.summary(id).getString("completedAt")).isNull();
        List<Map<String, Object>> after = StudyRuns.runs(id);
        assertThat(after).hasSize(4);
        assertThat(after.subList(0, 2)).as("earlier runs untouched").isEqualTo(before);
        assertThat(after.get(2)).containsEntry("seq", 2).containsEntry("params", Map.of("x", 3, "steps", 10))
                .containsEntry("repetition", 0);
        assertThat(after.get(2).get("state")).as("a new run waits or is on its way").isIn("PENDING", "DISPATCHED");

        List<RunRequest> added = studyRuns.awaitRequests(id, 2, 3);
        assertThat(added).extracting(request -> request.params().get("x")).containsExactly(3, 4);
        assertThat(added.get(0).spec().command()).containsExactly("echo", "{{ x }}", "{{ steps }}");
        studyRuns.complete(added, RunOutcome.SUCCEEDED);
        studyRuns.awaitStudy(id, "COMPLETED");
        assertThat(StudyRuns.runs(id)).extracting(run -> run.get("state")).containsOnly("SUCCEEDED");
    }

    @Test
    void skipDuplicatesLeavesOutPointsThatAlreadySucceeded() throws Exception {
        String id = studyRuns.completedStudy(TWO_POINTS, 2);
        String hashOfFirst = (String) StudyRuns.runs(id).get(0).get("paramHash");

        JsonPath skipping = extend(id, "parameters: {grid: {x: [1, 5]}, constants: {steps: 10}}\n", true, 200);

        assertThat(skipping.getLong("added")).isEqualTo(1);
        assertThat(skipping.getLong("skipped")).isEqualTo(1);
        assertThat(skipping.getLong("firstSeq")).isEqualTo(2);
        assertThat(StudyRuns.runs(id)).hasSize(3);
        assertThat(StudyRuns.runs(id).get(2)).containsEntry("params", Map.of("x", 5, "steps", 10));

        JsonPath nothingNew = extend(id, "parameters: {grid: {x: [1, 2]}, constants: {steps: 10}}\n", true, 200);
        assertThat(nothingNew.getLong("added")).isZero();
        assertThat(nothingNew.getLong("skipped")).isEqualTo(2);
        assertThat(nothingNew.getLong("total")).isEqualTo(3);

        JsonPath duplicate = extend(id, "parameters: {grid: {x: [1]}, constants: {steps: 10}}\n", false, 200);
        assertThat(duplicate.getLong("added")).as("without skipDuplicates a known point runs again").isEqualTo(1);
        assertThat(StudyRuns.runs(id).get(3)).containsEntry("paramHash", hashOfFirst);
    }

    @Test
    void anExtensionIsValidatedLikeAStudyAndMustSetTheStudysParameters() throws Exception {
        String id = harness.submit(TWO_POINTS);

        assertProblem(extend(id, "{}", false, 400), "parameters", "missing");
        assertProblem(extend(id, "parameters: {grid: {x: [3]}}\ntemplate: {builtin: noop}\n", false, 400),
                "template", "unknown field 'template'; known fields: parameters");
        assertProblem(extend(id, "parameters: {grid: {x: []}, constants: {steps: 10}}\n", false, 400),
                "parameters.grid.x", "empty list");
        assertProblem(extend(id, "parameters: {grid: {steps: [3]}}\n", false, 400), "parameters", "missing: x");
        assertProblem(extend(id, "parameters: {grid: {x: [3], y: [1]}, constants: {steps: 10}}\n", false, 400),
                "parameters", "not in the study: y");
        assertProblem(extend(id, "parameters: {grid: {x: {range: [0, 200000]}}, constants: {steps: 10}}\n", false,
                400), "parameters", "more than the limit of 200000");
        assertThat(given().contentType("application/yaml").body("parameters: {grid: {x: [3]}, constants: {steps: 10}}".getBytes(StandardCharsets.UTF_8))
                .queryParam("skipDuplicates", "maybe").when().post("/studies/" + id + "/extend")
                .then().statusCode(400).extract().jsonPath().getString("error"))
                .contains("skipDuplicates='maybe' is not true or false");
        assertThat(StudyRuns.runs(id)).as("nothing of a refused extension is stored").hasSize(2);
    }

    private static void assertProblem(JsonPath answer, String field, String message) {
        assertThat(answer.getString("error")).isEqualTo("invalid extension");
        List<Map<String, String>> problems = answer.getList("problems");
        assertThat(problems).as(problems.toString()).anySatisfy(problem -> {
            assertThat(problem.get("field")).isEqualTo(field);
            assertThat(problem.get("message")).contains(message);
        });
    }

    @Test
    void theStudysConstantsApplyToAnExtensionUnlessItSetsThem() {
        String id = harness.submit(TWO_POINTS);

        assertThat(extend(id, "parameters: {grid: {x: [3]}}\n", false, 200).getLong("added")).isEqualTo(1);
        assertThat(extend(id, "parameters: {points: [{x: 4, steps: 20}]}\n", false, 200).getLong("added"))
                .isEqualTo(1);

        List<Map<String, Object>> runs = StudyRuns.runs(id);
        assertThat(runs.get(2).get("params")).isEqualTo(Map.of("x", 3, "steps", 10));
        assertThat(runs.get(3).get("params")).isEqualTo(Map.of("x", 4, "steps", 20));
    }

    @Test
    void aCancelledOrUnknownStudyDoesNotGrow() {
        String id = harness.submit(TWO_POINTS);
        post("/studies/" + id + "/cancel", 200);

        JsonPath extended = extend(id, "parameters: {grid: {x: [3]}, constants: {steps: 10}}\n", false, 409);
        assertThat(extended.getString("error")).contains("is CANCELLED").contains("/studies/" + id + "/resume");
        assertThat(post("/studies/" + id + "/repeat", 409).getString("error")).contains("is CANCELLED");
        extend("000000000000", "parameters: {grid: {x: [3]}}\n", false, 404);
        post("/studies/000000000000/repeat", 404);
        post("/studies/000000000000/resume", 404);
        assertThat(StudyRuns.runs(id)).hasSize(2);
    }

    @Test
    void repeatAddsEveryParameterSetAgainWithItsHashAndARepetitionNumber() throws Exception {
        String id = studyRuns.completedStudy("""
                name: repeat-me
                parameters: {grid: {x: [1, 2, 3]}}
                template: {command: [echo, "{{ x }}"]}
                """, 3);

        JsonPath twice = given().queryParam("times", 2).when().post("/studies/" + id + "/repeat")
                .then().statusCode(200).extract().jsonPath();

        assertThat(twice.getLong("added")).isEqualTo(6);
        assertThat(twice.getLong("firstSeq")).isEqualTo(3);
        assertThat(twice.getString("state")).isEqualTo("ACTIVE");
        List<Map<String, Object>> runs = StudyRuns.runs(id);
        assertThat(runs).hasSize(9);
        assertThat(runs).extracting(run -> run.get("repetition")).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 2);
        for (int i = 3; i < 9; i++) {
            assertThat(runs.get(i).get("paramHash")).as("hash of seq " + i).isEqualTo(runs.get(i % 3).get("paramHash"));
            assertThat(runs.get(i).get("params")).isEqualTo(runs.get(i % 3).get("params"));
        }
        assertThat(runs.stream().map(run -> run.get("id")).distinct()).as("new run ids").hasSize(9);

        JsonPath once = post("/studies/" + id + "/repeat", 200);
        assertThat(once.getLong("added")).as("times defaults to 1").isEqualTo(3);
        assertThat(StudyRuns.runs(id).subList(9, 12)).extracting(run -> run.get("repetition")).containsOnly(3);

        assertThat(given().queryParam("times", 0).when().post("/studies/" + id + "/repeat")
                .then().statusCode(400).extract().jsonPath().getString("error")).contains("times=0").contains("1 or more");
        assertThat(given().queryParam("times", "many").when().post("/studies/" + id + "/repeat")
                .then().statusCode(400).extract().jsonPath().getString("error")).contains("not a whole number");
        assertThat(given().queryParam("times", 100_000).when().post("/studies/" + id + "/repeat")
                .then().statusCode(400).extract().jsonPath().getString("error")).contains("limit of 200000");
        assertThat(StudyRuns.runs(id)).hasSize(12);
    }

    @Test
    void resumeGivesFailedAndCancelledRunsANewAttemptAndMakesTheStudyActive() throws Exception {
        String id = harness.submit("""
                name: resume-me
                parameters: {grid: {x: [1, 2, 3]}}
                template: {command: [echo, "{{ x }}"]}
                policy: {maxParallel: 2, retries: 0}
                """);
        List<RunRequest> first = studyRuns.awaitRequests(id, 0, 1);
        studyRuns.complete(List.of(first.get(0)), RunOutcome.SUCCEEDED);
        studyRuns.complete(List.of(first.get(1)), RunOutcome.FAILED);
        studyRuns.awaitRequests(id, 2);
        post("/studies/" + id + "/cancel", 200);
        assertThat(StudyRuns.runs(id)).extracting(run -> run.get("state"))
                .containsExactly("SUCCEEDED", "FAILED", "CANCELLED");

        JsonPath resumed = post("/studies/" + id + "/resume", 200);

        assertThat(resumed.getLong("resumed")).isEqualTo(2);
        assertThat(resumed.getString("state")).isEqualTo("ACTIVE");
        List<RunRequest> again = studyRuns.awaitAttempt(id, 2, 1, 2);
        assertThat(again).extracting(RunRequest::attempt).as("new attempts").containsExactly(2, 2);
        Map<String, Object> firstRun = StudyRuns.runs(id).get(0);
        assertThat(firstRun).containsEntry("state", "SUCCEEDED").containsEntry("attempt", 1);
        studyRuns.complete(again, RunOutcome.SUCCEEDED);
        studyRuns.awaitStudy(id, "COMPLETED");

        JsonPath nothing = post("/studies/" + id + "/resume", 409);
        assertThat(nothing.getString("error")).contains("no CANCELLED, FAILED or TIMED_OUT run").contains("repeat");
    }

    @Test
    void aCompletedStudyWithFailedRunsIsResumed() throws Exception {
        String id = harness.submit("""
                name: resume-failed
                parameters: {grid: {x: [1]}}
                template: {command: [echo, "{{ x }}"]}
                """);
        RunRequest only = studyRuns.awaitRequests(id, 0).get(0);
        studyRuns.complete(List.of(only), RunOutcome.FAILED);
        studyRuns.awaitStudy(id, "COMPLETED");
        Map<String, Object> failed = StudyRuns.runs(id).get(0);
        assertThat(failed).containsEntry("state", "FAILED").containsEntry("error", "exit code 3");

        assertThat(post("/studies/" + id + "/resume", 200).getLong("resumed")).isEqualTo(1);

        Map<String, Object> pending = StudyRuns.runs(id).get(0);
        // the reason of the failed attempt is gone; once dispatched again, the run may say it waits for an agent
        assertThat(pending.get("error")).as("the old reason is cleared").isIn(null, RunEntity.WAITING_FOR_AN_AGENT);
        assertThat(studyRuns.awaitAttempt(id, 2, 0).get(0).attempt()).isEqualTo(2);
    }
}
