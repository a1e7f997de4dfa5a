package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent with {@code on-stop=requeue} stopped by SIGTERM, as Slurm stops the agents of a preempted or cancelled
 * allocation: it kills its runs, hands them back as preempted and exits; another agent runs them, using neither
 * retries nor the crash limit.
 */
class AgentRequeueIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    @Test
    void runsOfAnAgentStoppedWithRequeueArePreemptedAndRunAgainWithoutUsingRetries() {
        ServiceProcess stopped = SYSTEM.startAnotherAgent(2, Map.of("runfleet.agent.on-stop", "requeue",
                // far longer than the runs: a drain would let them finish instead of handing them back
                "runfleet.agent.drain-timeout", "60s"));
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-agent-requeue
                parameters:
                  grid: {i: [0, 1]}
                template:
                  command: [sh, -c, 'sleep {{ i }}; sleep 8; printf "{\\"i\\": %d}" {{ i }} > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 2, retries: 0, crashLimit: 1}
                """);
        SYSTEM.scheduler().awaitRuns(studyId, "RUNNING", 2);

        stopped.process().destroy();
        await("the stopped agent exits").atMost(Duration.ofSeconds(15)).until(() -> !stopped.isAlive());
        // the agent waited for the scheduler to acknowledge its report; storing it is the scheduler's next commit
        await("both runs requeued as preempted").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(SYSTEM.scheduler().runs(studyId)).allSatisfy(run -> {
                    assertThat(run.path("state").asText()).isIn("PENDING", "DISPATCHED");
                    assertThat(run.path("attemptEnds").path("preempted").asInt()).isEqualTo(1);
                }));
        assertThat(stopped.logLines()).as("log of %s", stopped)
                .anyMatch(line -> line.contains("on-stop=requeue") && line.contains("handed back"));

        SYSTEM.startAnotherAgent(2);
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(2);
        for (JsonNode run : SYSTEM.scheduler().runs(studyId)) {
            JsonNode ends = run.path("attemptEnds");
            assertThat(ends.path("preempted").asInt()).as("preemptions of %s", run).isEqualTo(1);
            assertThat(ends.path("failed").asInt()).as("retries used by %s", run).isZero();
            assertThat(ends.path("lost").asInt()).as("crash limit used by %s", run).isZero();
            assertThat(run.path("attempt").asInt()).as("attempt of %s", run).isEqualTo(2);
        }
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).as("one result per run, from the second agent").hasSize(2)
                .allSatisfy(row -> assertThat(row.path("_attempt").asInt()).isEqualTo(2));
    }
}
