package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /agents}: what {@code runfleet ps} shows of each agent, read from the run table. */
@QuarkusTest
class AgentResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    @Test
    void anAgentIsListedWithTheRunsItHoldsUntilTheyEnd() throws Exception {
        String agent = "agent-" + UUID.randomUUID();
        String id = harness.submit("""
                name: held
                parameters: {grid: {x: [1, 2]}}
                template: {builtin: noop}
                """);
        await().atMost(PATIENCE).until(() -> harness.requests(id).size() == 2);
        List<RunRequest> requests = harness.requests(id);
        assertThat(agentNamed(agent)).as("an agent that took no run yet").isNull();

        harness.report(agent, AgentReport.Kind.STARTED, null, requests.get(0).ref(), requests.get(1).ref())
                .acked.get(10, TimeUnit.SECONDS);
        Map<String, Object> holding = agentNamed(agent);
        assertThat(holding).containsEntry("runsHeld", 2).containsKey("lastHeard");
        assertThat(holding.get("lastHeard")).isNotNull();

        harness.complete(requests.get(0), RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> Integer.valueOf(1).equals(agentNamed(agent).get("runsHeld")));
    }

    private static Map<String, Object> agentNamed(String agent) {
        List<Map<String, Object>> agents = given().when().get("/agents").then().statusCode(200).extract().jsonPath()
                .getList("$");
        return agents.stream().filter(entry -> agent.equals(entry.get("id"))).findFirst().orElse(null);
    }
}
