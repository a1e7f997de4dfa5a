package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A study's life through the in-memory channels, with the scheduler on the PostgreSQL running here. The harness
 * plays the agents and the results service.
 */
@QuarkusTest
class StudyFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }

    private void awaitState(String studyId, long seq, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(harness.run(studyId, seq).getString("state")));
    }

    private void awaitStudy(String studyId, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(harness.summary(studyId).getString("state")));
    }

    /** Lets several dispatch rounds pass, so that a request that should not come would have come. */
    private static void letDispatcherRun() throws InterruptedException {
        Thread.sleep(400);
    }

    @Test
    void dispatchKeepsAtMostMaxParallelOutstandingAndCompletesTheStudy() throws Exception {
        String id = harness.submit("""
                name: parallel
                parameters: {grid: {x: [1, 2, 3, 4, 5, 6]}, constants: {steps: 10}}
                template: {command: [echo, "{{ x }}", "{{ steps }}"], timeout: 30s}
                policy: {maxParallel: 3}
                """);
        List<RunRequest> first = awaitRequests(id, 3);
        letDispatcherRun();
        assertThat(harness.requests(id)).hasSize(3);
        assertThat(first).extracting(RunRequest::seq).containsExactly(0L, 1L, 2L);
        RunRequest head = first.get(0);
        assertThat(head.attempt()).isEqualTo(1);
        assertThat(head.params()).containsEntry("x", 1).containsEntry("steps", 10);
        assertThat(head.spec().command()).containsExactly("echo", "{{ x }}", "{{ steps }}");
        assertThat(head.spec().timeoutMillis()).isEqualTo(30_000);
        assertThat(head.heartbeatMillis()).isEqualTo(2_000);
        assertThat(head.paramHash()).hasSize(40);

        SchedulerHarness.Acks acks = harness.complete(head, RunOutcome.SUCCEEDED, 0);
        acks.acked.get(10, TimeUnit.SECONDS);
        awaitRequests(id, 4);
        letDispatcherRun();
        assertThat(harness.requests(id)).hasSize(4);
        assertThat(harness.requests(id).get(3).seq()).isEqualTo(3L);

        for (int done = 1; done < 6; done++) {
            List<RunRequest> sent = awaitRequests(id, Math.min(6, done + 3));
            harness.complete(sent.get(done), RunOutcome.SUCCEEDED, 0);
        }
        awaitStudy(id, "COMPLETED");
        JsonPath summary = harness.summary(id);
        assertThat(summary.getLong("total")).isEqualTo(6);
        assertThat(summary.getLong("counts.SUCCEEDED")).isEqualTo(6);
        assertThat(summary.getString("completedAt")).isNotNull();
        assertThat(harness.requests(id)).hasSize(6);
    }

    @Test
    void startedHeartbeatAndSuccessMoveTheRunAndDuplicatesChangeNothing() throws Exception {
        String id = harness.submit("name: one\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);
        awaitState(id, 0, "DISPATCHED");

        harness.report(AgentReport.Kind.STARTED, request.ref()).acked.get(10, TimeUnit.SECONDS);
        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("RUNNING");
        assertThat(run.getString("agentId")).isEqualTo("agent-1");
        assertThat(run.getString("host")).isEqualTo("node-7");
        Instant firstLease = harness.leaseDeadline(request.runId());

        Thread.sleep(50);
        harness.report(AgentReport.Kind.HEARTBEAT, request.ref()).acked.get(10, TimeUnit.SECONDS);
        assertThat(harness.leaseDeadline(request.runId())).isAfter(firstLease);

        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        harness.complete(request, RunOutcome.FAILED, 9).acked.get(10, TimeUnit.SECONDS);
        run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("exitCode")).isZero();
        assertThat(run.getInt("attempt")).isEqualTo(1);
        awaitStudy(id, "COMPLETED");
    }

    @Test
    void failuresAreRetriedThenTheRunFailsWithItsExitCode() throws Exception {
        String id = harness.submit("""
                name: flaky
                template: {command: [false]}
                policy: {retries: 1, backoff: 100ms}
                """);
        RunRequest first = awaitRequests(id, 1).get(0);
        harness.complete(first, RunOutcome.FAILED, 3).acked.get(10, TimeUnit.SECONDS);
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(second.attempt()).isEqualTo(2);

        harness.complete(second, RunOutcome.FAILED, 4).acked.get(10, TimeUnit.SECONDS);
        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getInt("exitCode")).isEqualTo(4);
        assertThat(run.getString("error")).isEqualTo("exit code 4");
        awaitStudy(id, "COMPLETED");
        assertThat(harness.requests(id)).hasSize(2);
        assertThat(given().queryParam("state", "FAILED").when().get("/studies/" + id + "/runs")
                .then().statusCode(200).extract().jsonPath().getList("id")).containsExactly(first.runId());
    }

    @Test
    void lostAttemptsAreRetriedUntilTheCrashLimitThenFail() {
        String id = harness.submit("""
                name: crashy
                template: {builtin: noop}
                policy: {crashLimit: 1}
                """);
        RunRequest first = awaitRequests(id, 1).get(0);
        harness.report(AgentReport.Kind.STARTED, first.ref());
        // no heartbeat: the 2 s test lease runs out, the attempt is lost and dispatched again
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.attempt()).isEqualTo(2);
        harness.report(AgentReport.Kind.STARTED, second.ref());
        awaitState(id, 0, "FAILED");
        assertThat(harness.run(id, 0).getString("error")).isEqualTo("lost: agent stopped reporting (2 times)");
        awaitStudy(id, "COMPLETED");
    }

    @Test
    void resultsOfAStaleAttemptAreIgnored() throws Exception {
        String id = harness.submit("name: stale\ntemplate: {builtin: noop}\n");
        RunRequest first = awaitRequests(id, 1).get(0);
        harness.report(AgentReport.Kind.STARTED, first.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.report(AgentReport.Kind.RELEASED, first.ref()).acked.get(10, TimeUnit.SECONDS);
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.attempt()).isEqualTo(2);

        harness.complete(first, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        harness.report(AgentReport.Kind.STARTED, first.ref()).acked.get(10, TimeUnit.SECONDS);
        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("DISPATCHED");
        assertThat(run.getInt("attempt")).isEqualTo(2);

        harness.complete(second, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        assertThat(harness.run(id, 0).getString("state")).isEqualTo("SUCCEEDED");
    }

    @Test
    void anUnclaimedRunGoesBackToPendingWhenItsClaimLeaseRunsOut() throws Exception {
        String id = harness.submit("name: unclaimed\ntemplate: {builtin: noop}\n");
        RunRequest first = awaitRequests(id, 1).get(0);
        harness.expireLease(first.runId());
        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(harness.run(id, 0).getInt("attempt")).isEqualTo(2);
    }

    @Test
    void cancelEndsEveryUnfinishedRunAndStopsDispatch() throws Exception {
        String id = harness.submit("""
                name: cancel-me
                parameters: {points: [{x: 1}, {x: 2}, {x: 3}, {x: 4}, {x: 5}]}
                template: {builtin: noop}
                policy: {maxParallel: 2}
                """);
        List<RunRequest> sent = awaitRequests(id, 2);
        harness.complete(sent.get(0), RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        awaitRequests(id, 3);

        JsonPath summary = given().when().post("/studies/" + id + "/cancel")
                .then().statusCode(200).extract().jsonPath();
        assertThat(summary.getString("state")).isEqualTo("CANCELLED");
        assertThat(summary.getLong("counts.CANCELLED")).isEqualTo(4);
        assertThat(summary.getLong("counts.SUCCEEDED")).isEqualTo(1);

        harness.complete(sent.get(1), RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        letDispatcherRun();
        assertThat(harness.requests(id)).hasSize(3);
        assertThat(harness.summary(id).getLong("counts.CANCELLED")).isEqualTo(4);
        given().when().post("/studies/unknown0000/cancel").then().statusCode(404);
    }

    @Test
    void malformedMessagesAreNackedAndTheServiceKeepsWorking() throws Exception {
        Throwable report = harness.sendRaw(Channels.AGENT_REPORTS, "not json".getBytes())
                .nacked.get(10, TimeUnit.SECONDS);
        assertThat(report).hasMessageContaining("AgentReport");
        Throwable completion = harness.sendRaw(Channels.RUN_COMPLETED,
                "{\"schemaVersion\":1,\"eventId\":1,\"attempt\":1,\"seq\":0}".getBytes())
                .nacked.get(10, TimeUnit.SECONDS);
        assertThat(completion).hasMessageContaining("RunCompleted");

        String id = harness.submit("name: after-garbage\ntemplate: {builtin: noop}\n");
        RunRequest request = awaitRequests(id, 1).get(0);
        harness.report(AgentReport.Kind.STARTED, request.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        awaitStudy(id, "COMPLETED");
    }

    @Test
    void aLargeStudyIsStoredInOneGoAndServedByRest() {
        JsonPath created = given().contentType("application/json").body("""
                {"name": "large", "parameters": {"grid": {"a": %s, "b": %s}},
                 "template": {"builtin": "noop"}, "policy": {"maxParallel": 1}}
                """.formatted(range(200), range(500)))
                .when().post("/studies").then().statusCode(201).extract().jsonPath();
        assertThat(created.getLong("runs")).isEqualTo(100_000);
        String id = created.getString("id");
        assertThat(id).matches("[0-9a-f]{12}");
        JsonPath summary = harness.summary(id);
        assertThat(summary.getLong("total")).isEqualTo(100_000);
        assertThat(summary.getLong("counts.PENDING") + summary.getLong("counts.DISPATCHED")).isEqualTo(100_000);
        JsonPath last = harness.run(id, 99_999);
        assertThat(last.getInt("params.a")).isEqualTo(199);
        assertThat(last.getInt("params.b")).isEqualTo(499);
        given().when().post("/studies/" + id + "/cancel").then().statusCode(200);
        assertThat(given().when().get("/studies").then().statusCode(200).extract().jsonPath().getList("id"))
                .contains(id);
        given().when().get("/health").then().statusCode(200).extract().path("status").equals("UP");
    }

    @Test
    void thousandsOfRunsFlowThroughGroupCommits() throws Exception {
        int runs = 3_000;
        String id = harness.submit("name: volume\nparameters: {grid: {x: " + range(runs) + "}}\n"
                + "template: {builtin: noop}\npolicy: {maxParallel: 200}\n");
        long started = System.nanoTime();
        InMemorySink<byte[]> sink = harness.requestSink();
        Set<String> completed = new HashSet<>();
        int seen = 0;
        while (completed.size() < runs) {
            List<? extends Message<byte[]>> received = sink.received();
            for (; seen < received.size(); seen++) {
                RunRequest request = WireCodec.decode(received.get(seen).getPayload(), RunRequest.class);
                if (request.studyId().equals(id)) {
                    assertThat(completed.add(request.runId())).as("dispatched twice: " + request.ref()).isTrue();
                    harness.complete(request, RunOutcome.SUCCEEDED, 0);
                }
            }
            assertThat(System.nanoTime() - started).as("runs still flowing").isLessThan(PATIENCE.toNanos() * 6);
            Thread.sleep(5);
        }
        awaitStudy(id, "COMPLETED");
        System.out.printf("volume: %d runs dispatched and completed in %d ms%n", runs,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(harness.summary(id).getLong("counts.SUCCEEDED")).isEqualTo(runs);
    }

    private static String range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList().toString();
    }
}
