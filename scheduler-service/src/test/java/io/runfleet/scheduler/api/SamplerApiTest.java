package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.SamplerPoint;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ask/tell API of sampler loops over REST, with the scheduler on the PostgreSQL here: suggestions and their
 * replays, capacity, the objective's value from completions, budget stops, close, and cancellations by run id.
 */
@QuarkusTest
class SamplerApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    @Inject
    AgroalDataSource dataSource;

    /** The run's sampler_fed marker: null until it ends, false once its result awaits the sampler. */
    private Boolean samplerFed(String runId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT sampler_fed FROM scheduler.run WHERE id = ?")) {
            statement.setString(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                boolean fed = rows.getBoolean(1);
                return rows.wasNull() ? null : fed;
            }
        }
    }

    private static String study(String sampler) {
        return """
                name: branin
                parameters: {constants: {steps: 10}}
                template: {command: [branin, '{{ x1 }}', '{{ x2 }}', '{{ steps }}']}
                outputs: [{regex: 'f=(?<f>\\\\S+)'}]
                policy: {retries: 0}
                sampler: {kind: external, variables: {x1: {min: -5, max: 10}, x2: {min: 0, max: 15}},
                          objectives: {f: minimize}, %s}
                """.formatted(sampler);
    }

    private static String point(String id, double x1, double x2) {
        return "{\"clientPointId\":\"" + id + "\",\"params\":{\"x1\":" + x1 + ",\"x2\":" + x2 + "}}";
    }

    private static JsonPath suggest(String studyId, int status, String... points) {
        return given().contentType("application/json").body("{\"points\":[" + String.join(",", points) + "]}")
                .when().post("/studies/" + studyId + "/suggestions")
                .then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath sampler(String studyId) {
        return given().when().get("/studies/" + studyId + "/sampler").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath post(String path, String body, int status) {
        return given().contentType("application/json").body(body).when().post(path)
                .then().statusCode(status).extract().jsonPath();
    }

    private RunRequest requestOf(String studyId, String runId) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).stream()
                .anyMatch(request -> request.runId().equals(runId)));
        return harness.requests(studyId).stream().filter(request -> request.runId().equals(runId)).findFirst()
                .orElseThrow();
    }

    private void awaitStudy(String studyId, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(harness.summary(studyId).getString("state")));
    }

    private static void settled(SchedulerHarness.Acks acks) throws Exception {
        acks.acked.get(10, TimeUnit.SECONDS);
    }

    @Test
    void suggestionsAreIdempotentBoundedByCapacityAndScoredByTheirResults() throws Exception {
        String id = harness.submit(study("inFlight: 2, budget: {maxRuns: 3}"));
        assertThat(harness.summary(id).getLong("total")).as("no runs before the sampler gives points").isZero();

        JsonPath first = suggest(id, 200, point("p1", 1.5, 3), point("p2", -5, 15));
        assertThat(first.getList("runs.created", Boolean.class)).containsExactly(true, true);
        assertThat(first.getLong("capacity")).as("min(inFlight 2 - 2 in flight, maxRuns 3 - 2 created)").isZero();
        String p1 = first.getString("runs[0].runId");
        String p2 = first.getString("runs[1].runId");

        JsonPath replay = suggest(id, 200, point("p1", 1.5, 3.0));
        assertThat(replay.getString("runs[0].runId")).isEqualTo(p1);
        assertThat(replay.getBoolean("runs[0].created")).isFalse();
        assertThat(suggest(id, 409, point("p1", 2, 3)).getString("error")).contains("'p1'", "other parameters");
        assertThat(suggest(id, 409, point("p3", 0, 0)).getString("error"))
                .contains("capacity is 0", "nothing was created");

        RunRequest request = requestOf(id, p1);
        assertThat(request.sampler()).isEqualTo(new SamplerPoint("p1", 0));
        assertThat(request.params()).containsEntry("steps", 10).containsEntry("x1", 1.5);

        assertThat(samplerFed(p1)).isNull();
        settled(harness.succeeded(request, Map.of("f", 0.75)));
        assertThat(samplerFed(p1)).as("marked in the commit that ended it").isFalse();
        JsonPath status = sampler(id);
        assertThat(status.getString("state")).isEqualTo("OPEN");
        assertThat(status.getLong("done")).isEqualTo(1);
        assertThat(status.getLong("capacity")).as("min(2 - 1, 3 - 2)").isEqualTo(1);
        assertThat(status.getString("best.runId")).isEqualTo(p1);
        assertThat(status.getString("best.clientPointId")).isEqualTo("p1");
        assertThat(status.getDouble("best.value")).isEqualTo(0.75);
        assertThat(status.getMap("best.params")).containsOnlyKeys("x1", "x2");

        settled(harness.succeeded(requestOf(id, p2), Map.of("g", 1)));
        status = sampler(id);
        assertThat(status.getLong("failed")).as("a result without the objective fails for the sampler").isEqualTo(1);
        assertThat(harness.run(id, 1).getString("error")).contains("no 'f'");
        assertThat(harness.run(id, 0).getDouble("objectiveValue")).isEqualTo(0.75);
        assertThat(harness.run(id, 0).getString("clientPointId")).isEqualTo("p1");
        assertThat(harness.summary(id).getString("state")).as("an open sampler keeps its study going")
                .isEqualTo("ACTIVE");

        JsonPath last = suggest(id, 200, point("p3", 0, 0));
        assertThat(last.getLong("capacity")).isZero();
        status = sampler(id);
        assertThat(status.getString("state")).isEqualTo("STOPPED");
        assertThat(status.getString("stopReason")).isEqualTo("budget.maxRuns reached: 3 runs");
        assertThat(status.getInt("budget.runsLeft")).isZero();
        assertThat(suggest(id, 409, point("p4", 0, 0)).getString("error"))
                .contains("STOPPED", "budget.maxRuns reached");
        assertThat(suggest(id, 200, point("p3", 0, 0)).getBoolean("runs[0].created"))
                .as("a replay is answered after the stop too").isFalse();
        assertThat(harness.summary(id).getString("state")).as("its last run drains").isEqualTo("ACTIVE");

        RunRequest third = requestOf(id, last.getString("runs[0].runId"));
        assertThat(third.sampler()).isEqualTo(new SamplerPoint("p3", 1));
        settled(harness.succeeded(third, Map.of("f", "0.5")));
        awaitStudy(id, "COMPLETED");
        assertThat(sampler(id).getString("best.clientPointId")).isEqualTo("p3");
    }

    @Test
    void wrongPointsAreRefusedFieldByFieldAndNothingIsCreated() {
        String id = harness.submit(study("inFlight: 4, budget: {maxRuns: 10}"));

        JsonPath refused = suggest(id, 400, point("ok", 0, 0), "{\"params\":{\"x1\":0,\"x2\":1}}",
                point("far", 11, 0), "{\"clientPointId\":\"odd\",\"params\":{\"x1\":\"one\",\"x3\":1}}");

        assertThat(refused.getList("problems.field", String.class)).containsExactlyInAnyOrder(
                "points[1].clientPointId", "points[2].params.x1", "points[3].params.x1", "points[3].params.x2",
                "points[3].params.x3");
        assertThat(refused.getList("problems.message", String.class)).anyMatch(text -> text.contains("[-5.0, 10.0]"));
        assertThat(sampler(id).getLong("created")).isZero();
    }

    @Test
    void onlyAnExternalSamplerTakesSuggestions() {
        String plain = harness.submit("name: plain\nparameters: {grid: {x: [1]}}\ntemplate: {command: [echo]}\n");
        String adaptive = harness.submit(study("budget: {maxRuns: 5}").replace("kind: external", "kind: adaptive"));

        assertThat(suggest(plain, 409, point("p1", 0, 0)).getString("error")).contains("sampler.kind: external");
        assertThat(suggest(adaptive, 409, point("p1", 0, 0)).getString("error")).contains("sampler.kind: external");
        assertThat(suggest("nosuchstudy", 404, point("p1", 0, 0)).getString("error")).contains("nosuchstudy");
    }

    @Test
    void aStudyWithASamplerAndAParameterSpaceIsRefusedAtSubmission() {
        JsonPath refused = given().contentType("application/yaml")
                .body(study("budget: {maxRuns: 5}").replace("{constants: {steps: 10}}",
                        "{grid: {y: [1]}, constants: {steps: 10}}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/studies").then().statusCode(400).extract().jsonPath();

        assertThat(refused.getList("problems.field", String.class)).containsExactly("parameters.grid");
    }

    @Test
    void aClosedSamplerDrainsItsRunsThenItsStudyCompletes() throws Exception {
        String id = harness.submit(study("inFlight: 2, budget: {maxRuns: 10}"));
        String run = suggest(id, 200, point("p1", 0, 0)).getString("runs[0].runId");

        JsonPath closed = post("/studies/" + id + "/sampler/close", "{}", 200);
        assertThat(closed.getString("state")).isEqualTo("CLOSED");
        assertThat(closed.getString("stopReason")).isEqualTo("closed by its client");
        assertThat(closed.getLong("capacity")).isZero();
        assertThat(post("/studies/" + id + "/sampler/close", "{}", 200).getString("state")).isEqualTo("CLOSED");
        assertThat(suggest(id, 409, point("p2", 1, 1)).getString("error")).contains("CLOSED");
        assertThat(harness.summary(id).getString("state")).isEqualTo("ACTIVE");

        settled(harness.succeeded(requestOf(id, run), Map.of("f", 2)));
        awaitStudy(id, "COMPLETED");
    }

    @Test
    void closingWithCancelInFlightEndsTheStudyAtOnce() {
        String id = harness.submit(study("inFlight: 2, budget: {maxRuns: 10}"));
        JsonPath runs = suggest(id, 200, point("p1", 0, 0), point("p2", 1, 1));
        String dispatched = runs.getString("runs[0].runId");
        requestOf(id, dispatched);

        JsonPath closed = post("/studies/" + id + "/sampler/close", "{\"cancelInFlight\": true}", 200);

        assertThat(closed.getLong("cancelled")).isEqualTo(2);
        assertThat(closed.getLong("inFlight")).isZero();
        assertThat(harness.summary(id).getString("state")).isEqualTo("COMPLETED");
        await().atMost(PATIENCE).until(() -> !harness.cancelsNaming(Set.of(dispatched)).isEmpty());
    }

    @Test
    void aFailureBudgetStopsTheSamplerAndCancelsItsRunsWhenAsked() throws Exception {
        String id = harness.submit(study("inFlight: 2, budget: {maxRuns: 10, maxFailures: 1}, "
                + "stop: {onStop: cancel}"));
        JsonPath runs = suggest(id, 200, point("p1", 0, 0), point("p2", 1, 1));

        settled(harness.complete(requestOf(id, runs.getString("runs[0].runId")), RunOutcome.FAILED, 3));

        JsonPath status = sampler(id);
        assertThat(status.getString("state")).isEqualTo("STOPPED");
        assertThat(status.getString("stopReason")).isEqualTo("budget.maxFailures reached: 1 failed runs");
        assertThat(status.getLong("cancelled")).isEqualTo(1);
        assertThat(status.getInt("budget.failuresLeft")).isZero();
        awaitStudy(id, "COMPLETED");
    }

    @Test
    void aTimeBudgetStopsTheSamplerAtTheSweepAndTheEmptyStudyCompletes() {
        String id = harness.submit(study("budget: {maxRuns: 10, maxTime: 1s}"));

        awaitStudy(id, "COMPLETED");

        JsonPath status = sampler(id);
        assertThat(status.getString("state")).isEqualTo("STOPPED");
        assertThat(status.getString("stopReason")).isEqualTo("budget.maxTime reached: 1s since the study was submitted");
        assertThat(status.getString("budget.maxTime")).isEqualTo("PT1S");
        assertThat(status.getLong("budget.timeLeftSeconds")).isZero();
    }

    @Test
    void cancellingTheStudyStopsItsSampler() {
        String id = harness.submit(study("inFlight: 2, budget: {maxRuns: 10}"));
        suggest(id, 200, point("p1", 0, 0));

        post("/studies/" + id + "/cancel", "{}", 200);

        JsonPath status = sampler(id);
        assertThat(status.getString("state")).isEqualTo("STOPPED");
        assertThat(status.getString("stopReason")).isEqualTo("study cancelled");
        assertThat(status.getLong("capacity")).isZero();
        assertThat(suggest(id, 409, point("p2", 0, 0)).getString("error")).contains("CANCELLED");
    }

    @Test
    void cancellationsStopPendingAndRunningRunsAndMarkFinishedOnes() throws Exception {
        String id = harness.submit("name: c\nparameters: {grid: {x: [1, 2, 3]}}\ntemplate: {command: [echo]}\n"
                + "policy: {maxParallel: 2}\n");
        await().atMost(PATIENCE).until(() -> harness.requests(id).size() == 2);
        List<RunRequest> sent = harness.requests(id);
        settled(harness.succeeded(sent.get(0), Map.of()));
        String finished = sent.get(0).runId();
        await().atMost(PATIENCE).until(() -> harness.requests(id).size() == 3);
        String running = sent.get(1).runId();
        String pending = harness.requests(id).get(2).runId();
        harness.report(io.runfleet.wire.AgentReport.Kind.STARTED, sent.get(1).ref()).acked.get(10, TimeUnit.SECONDS);

        String body = "{\"runIds\":[\"" + running + "\",\"" + finished + "\",\"nope\"]}";
        JsonPath first = post("/studies/" + id + "/cancellations", body, 200);

        assertThat(first.getList("runs.outcome", String.class)).containsExactly("CANCELLED", "ALREADY_ENDED",
                "NOT_FOUND");
        assertThat(first.getList("runs.state", String.class)).containsExactly("CANCELLED", "SUCCEEDED", null);
        assertThat(first.getList("runs.cancelRequested", Boolean.class)).containsExactly(true, true, false);
        await().atMost(PATIENCE).until(() -> !harness.cancelsNaming(Set.of(running)).isEmpty());
        assertThat(harness.run(id, 0).getBoolean("cancelRequested")).isTrue();

        JsonPath again = post("/studies/" + id + "/cancellations", body, 200);
        assertThat(again.getList("runs.outcome", String.class)).containsExactly("ALREADY_ENDED", "ALREADY_ENDED",
                "NOT_FOUND");
        assertThat(harness.run(id, 0).getString("state")).isEqualTo("SUCCEEDED");

        JsonPath last = post("/studies/" + id + "/cancellations", "{\"runIds\":[\"" + pending + "\"]}", 200);
        assertThat(last.getString("runs[0].outcome")).isIn("CANCELLED", "ALREADY_ENDED");
        awaitStudy(id, "COMPLETED");
    }
}
