package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.Identifiers;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an agent tells the scheduler about a result that was not stored, and agent ids as long as the wire allows,
 * through the in-memory channels on the PostgreSQL running here.
 */
@QuarkusTest
class ResultRefusalFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    private RunRequest firstRequest(String studyId) {
        await().atMost(PATIENCE).until(() -> !harness.requests(studyId).isEmpty());
        return harness.requests(studyId).get(0);
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }

    @Test
    void anAgentIdOfTheWiresFullLengthIsStoredAndItsRunsComplete() throws Exception {
        String agentId = "a".repeat(Identifiers.MAX_LENGTH);
        String id = harness.submit("name: long-agent-id\ntemplate: {builtin: noop}\n");
        RunRequest request = firstRequest(id);

        harness.report(agentId, AgentReport.Kind.STARTED, null, request.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.succeededOn(agentId, request).acked.get(10, TimeUnit.SECONDS);

        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("agentId")).isEqualTo(agentId);
    }

    @Test
    void aResultRefusedForGoodFailsTheRunAtOnceWithTheRefusalsReason() throws Exception {
        String id = harness.submit("""
                name: refused
                template: {builtin: noop}
                policy: {retries: 2, crashLimit: 2}
                """);
        RunRequest request = firstRequest(id);
        harness.report("agent-1", AgentReport.Kind.STARTED, null, request.ref()).acked.get(10, TimeUnit.SECONDS);

        harness.report("agent-1", AgentReport.Kind.RESULT_REFUSED, "field 'x' does not fit", request.ref())
                .acked.get(10, TimeUnit.SECONDS);

        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("result refused: field 'x' does not fit");
        assertThat(run.getInt("attempt")).as("not retried").isEqualTo(1);
    }

    @Test
    void anUndeliverableResultLosesTheAttemptWithItsReasonUpToTheCrashLimit() throws Exception {
        String id = harness.submit("""
                name: undeliverable
                template: {builtin: noop}
                policy: {crashLimit: 1}
                """);
        RunRequest first = firstRequest(id);
        harness.report("agent-1", AgentReport.Kind.STARTED, null, first.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.report("agent-1", AgentReport.Kind.RESULT_UNDELIVERABLE, "no answer from tcp://h:5556", first.ref())
                .acked.get(10, TimeUnit.SECONDS);

        RunRequest second = awaitRequests(id, 2).get(1);
        assertThat(second.attempt()).isEqualTo(2);
        harness.report("agent-1", AgentReport.Kind.STARTED, null, second.ref()).acked.get(10, TimeUnit.SECONDS);
        harness.report("agent-1", AgentReport.Kind.RESULT_UNDELIVERABLE, "no answer from tcp://h:5556", second.ref())
                .acked.get(10, TimeUnit.SECONDS);

        JsonPath run = harness.run(id, 0);
        assertThat(run.getString("state")).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("result undeliverable: no answer from tcp://h:5556 (2 times)");
    }
}
