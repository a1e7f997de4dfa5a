package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a study or one run: the database first, then the broadcast that stops the runs on agents, and the
 * broadcast again for an agent that still reports a cancelled run. The harness plays agents and the results service
 * on the in-memory channels; the scheduler runs on the PostgreSQL here.
 */
@QuarkusTest
class CancelFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void cancellingAStudyTellsAgentsToStopExactlyItsRunsInFlight() throws Exception {
        String id = harness.submit("""
                name: cancel-broadcast
                parameters: {points: [{x: 1}, {x: 2}, {x: 3}, {x: 4}]}
                template: {builtin: noop}
                policy: {maxParallel: 2}
                """);
        List<RunRequest> sent = awaitRequests(id, 2);
        harness.report(AgentReport.Kind.STARTED, sent.get(0).ref()).acked.get(10, TimeUnit.SECONDS);

        JsonPath summary = given().when().post("/studies/" + id + "/cancel").then().statusCode(200)
                .extract().jsonPath();

        assertThat(summary.getString("state")).isEqualTo("CANCELLED");
        assertThat(summary.getLong("counts.CANCELLED")).isEqualTo(4);
        List<CancelRuns> cancels = awaitCancels(runIds(id), 1);
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).reason()).isEqualTo("study cancelled");
        assertThat(cancels.get(0).runs()).as("the RUNNING and the DISPATCHED run, not the PENDING ones")
                .containsExactlyInAnyOrder(sent.get(0).ref(), sent.get(1).ref());
    }

    @Test
    void aCancelledRunStaysCancelledWhateverItsAgentReportsAndIsCancelledAgainOnAHeartbeat() throws Exception {
        String id = harness.submit("name: cancel-late-news\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);
        harness.report(AgentReport.Kind.STARTED, request.ref()).acked.get(10, TimeUnit.SECONDS);
        given().when().post("/studies/" + id + "/cancel").then().statusCode(200);
        awaitCancels(Set.of(request.runId()), 1);

        harness.report(AgentReport.Kind.HEARTBEAT, request.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.report(AgentReport.Kind.STARTED, request.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);

        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("CANCELLED");
        assertThat(run.getString("endedAt")).isNotNull();
        assertThat(harness.leaseDeadline(request.runId())).isNull();
        assertThat(harness.summary(id).getString("state")).isEqualTo("CANCELLED");
        List<CancelRuns> cancels = awaitCancels(Set.of(request.runId()), 3);
        assertThat(cancels).as("the first broadcast, then one for the heartbeat and one for the claim").hasSize(3)
                .allSatisfy(cancel -> {
                    assertThat(cancel.runs()).containsExactly(request.ref());
                    assertThat(cancel.reason()).isEqualTo("study cancelled");
                });

        harness.report(AgentReport.Kind.RELEASED, request.ref()).acked.get(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(cancelsNaming(Set.of(request.runId()))).as("a released run needs no cancel").hasSize(3);
    }

    @Test
    void cancellingOneRunStopsItAloneAndTheStudyCompletesWhenTheOthersEnd() throws Exception {
        String id = harness.submit("""
                name: cancel-one
                parameters: {points: [{x: 1}, {x: 2}, {x: 3}]}
                template: {builtin: noop}
                policy: {maxParallel: 2}
                """);
        List<RunRequest> first = awaitRequests(id, 2);
        RunRequest doomed = first.get(0);
        harness.report(AgentReport.Kind.STARTED, doomed.ref()).acked.get(10, TimeUnit.SECONDS);

        JsonPath cancelled = given().when().post("/studies/" + id + "/runs/" + doomed.runId() + "/cancel")
                .then().statusCode(200).extract().jsonPath();

        assertThat(cancelled.getString("id")).isEqualTo(doomed.runId());
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("error")).isEqualTo("run cancelled");
        assertThat(cancelled.getString("endedAt")).isNotNull();
        List<CancelRuns> cancels = awaitCancels(Set.of(doomed.runId()), 1);
        assertThat(cancels.get(0).runs()).containsExactly(doomed.ref());
        assertThat(cancels.get(0).reason()).isEqualTo("run cancelled");
        assertThat(harness.summary(id).getString("state")).isEqualTo("ACTIVE");

        // the freed slot goes to the third run at once; the other runs end normally and so does the study
        List<RunRequest> all = awaitRequests(id, 3);
        harness.complete(all.get(1), RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        harness.complete(all.get(2), RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(harness.summary(id).getString("state")));
        JsonPath summary = harness.summary(id);
        assertThat(summary.getLong("counts.SUCCEEDED")).isEqualTo(2);
        assertThat(summary.getLong("counts.CANCELLED")).isEqualTo(1);
        assertThat(cancelsNaming(runIds(id))).as("only the cancelled run was named").hasSize(1);
    }

    @Test
    void cancellingTheLastUnfinishedRunCompletesTheStudyAndNeedsNoBroadcastForAPendingRun() {
        String id = harness.submit("""
                name: cancel-pending
                parameters: {points: [{x: 1}, {x: 2}]}
                template: {builtin: noop}
                policy: {maxParallel: 1}
                """);
        RunRequest only = awaitRequests(id, 1).get(0);
        String pendingRun = harness.run(id, 1).getString("id");

        given().when().post("/studies/" + id + "/runs/" + pendingRun + "/cancel").then().statusCode(200);
        given().when().post("/studies/" + id + "/runs/" + only.runId() + "/cancel").then().statusCode(200);

        JsonPath summary = harness.summary(id);
        assertThat(summary.getString("state")).isEqualTo("COMPLETED");
        assertThat(summary.getLong("counts.CANCELLED")).isEqualTo(2);
        List<CancelRuns> cancels = awaitCancels(runIds(id), 1);
        assertThat(cancels).hasSize(1);
        assertThat(cancels.get(0).runs()).as("the dispatched run only").containsExactly(only.ref());
    }

    @Test
    void aRunThatEndedIsRefusedWith409AndUnknownRunsWith404() throws Exception {
        String id = harness.submit("name: cancel-ended\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);
        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        String other = harness.submit("name: cancel-other\ntemplate: {builtin: noop}\n");

        String conflict = given().when().post("/studies/" + id + "/runs/" + request.runId() + "/cancel")
                .then().statusCode(409).extract().path("error");
        assertThat(conflict).contains(request.runId()).contains("already ended as SUCCEEDED")
                .contains("only PENDING, DISPATCHED, RUNNING or RETRYING runs can be cancelled");
        assertThat(harness.run(id, 0).getString("state")).isEqualTo("SUCCEEDED");

        String unknown = given().when().post("/studies/" + id + "/runs/no-such-run/cancel")
                .then().statusCode(404).extract().path("error");
        assertThat(unknown).contains("no-such-run").contains("GET /studies/" + id + "/runs");
        given().when().post("/studies/" + other + "/runs/" + request.runId() + "/cancel").then().statusCode(404);
        given().when().post("/studies/unknown0000/runs/" + request.runId() + "/cancel").then().statusCode(404);

        given().when().post("/studies/" + id + "/cancel").then().statusCode(200);
        given().when().post("/studies/" + other + "/cancel").then().statusCode(200);
        String otherRun = harness.run(other, 0).getString("id");
        String afterStudyCancel = given().when().post("/studies/" + other + "/runs/" + otherRun + "/cancel")
                .then().statusCode(409).extract().path("error");
        assertThat(afterStudyCancel).contains("already ended as CANCELLED");
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }

    private Set<String> runIds(String studyId) {
        return given().queryParam("limit", 1000).when().get("/studies/" + studyId + "/runs").then().statusCode(200)
                .extract().jsonPath().getList("id", String.class).stream().collect(Collectors.toSet());
    }

    /** Waits until at least {@code count} broadcasts name one of {@code runIds}; answers all that do. */
    private List<CancelRuns> awaitCancels(Set<String> runIds, int count) {
        await().atMost(PATIENCE).until(() -> cancelsNaming(runIds).size() >= count);
        return cancelsNaming(runIds);
    }

    private List<CancelRuns> cancelsNaming(Set<String> runIds) {
        return harness.cancelsNaming(runIds);
    }
}
