package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the growth tests do again and again: list runs, await requests and states, play the agents. */
final class StudyRuns {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final SchedulerHarness harness;

    StudyRuns(SchedulerHarness harness) {
        this.harness = harness;
    }

    /** Every run of the study in seq order, as GET /studies/{id}/runs lists them. */
    static List<Map<String, Object>> runs(String studyId) {
        return given().queryParam("limit", 10_000).when().get("/studies/" + studyId + "/runs")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** How many studies are stored, to show that a refused one left nothing behind. */
    static long storedStudies(io.agroal.api.AgroalDataSource dataSource) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM scheduler.study")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static JsonPath summary(String studyId) {
        return given().when().get("/studies/" + studyId).then().statusCode(200).extract().jsonPath();
    }

    void awaitStudy(String studyId, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(summary(studyId).getString("state")));
    }

    /** Waits for the requests of the given seqs (their latest attempt each), in seq order. */
    List<RunRequest> awaitRequests(String studyId, long... seqs) {
        return awaitAttempt(studyId, 1, seqs);
    }

    /** Waits until the given seqs were requested with {@code attempt} or a later one; the latest each, in seq order. */
    List<RunRequest> awaitAttempt(String studyId, int attempt, long... seqs) {
        await().atMost(PATIENCE).until(() -> {
            List<RunRequest> sent = harness.requests(studyId);
            for (long seq : seqs) {
                if (sent.stream().noneMatch(request -> request.seq() == seq && request.attempt() >= attempt)) {
                    return false;
                }
            }
            return true;
        });
        List<RunRequest> sent = harness.requests(studyId);
        return java.util.Arrays.stream(seqs).mapToObj(seq -> sent.stream().filter(r -> r.seq() == seq)
                .reduce((first, second) -> second).orElseThrow()).toList();
    }

    /** Plays an agent and the results service: each request's attempt ends with {@code outcome}. */
    void complete(List<RunRequest> requests, RunOutcome outcome) throws Exception {
        for (RunRequest request : requests) {
            harness.complete(request, outcome, outcome == RunOutcome.SUCCEEDED ? 0 : 3)
                    .acked.get(10, TimeUnit.SECONDS);
        }
    }

    /** Submits, runs every run to success and waits for COMPLETED; answers the study id. */
    String completedStudy(String yaml, long runs) throws Exception {
        String id = harness.submit(yaml);
        long[] seqs = java.util.stream.LongStream.range(0, runs).toArray();
        complete(awaitRequests(id, seqs), RunOutcome.SUCCEEDED);
        awaitStudy(id, "COMPLETED");
        return id;
    }

    /** Lets several dispatch rounds pass, so that a request that should not come would have come. */
    static void letDispatcherRun() throws InterruptedException {
        Thread.sleep(500);
    }
}
