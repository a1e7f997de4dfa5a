package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results the results service refuses for good, and agent ids at the wire's limit. Each test starts its own agent and
 * stops it at the end, so that the runs of its study reach that agent alone.
 */
class ResultRefusalIT {

    private static final int RUNS = 6;
    private static final int POISON = 3;

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    /**
     * A run whose stderr holds a NUL byte: PostgreSQL refuses the text of its result for good (SQL state class 22).
     * The agent used to drop such a result as if the refusal were transient; the run came back "lost: agent stopped
     * reporting" after the crash limit, executed again each time, its real reason only in an agent log.
     */
    @Test
    void aResultRefusedForGoodFailsItsRunAtOnceWithTheRefusalsReason(@TempDir Path scratch) {
        refusedResultFailsItsRunAtOnce(SYSTEM, scratch);
    }

    /**
     * On {@code system}, with an agent of its own: a study whose run {@value #POISON} writes a NUL byte to stderr
     * ends COMPLETED, that run FAILED "result refused: ..." in its first attempt, executed once, with no result row.
     */
    static void refusedResultFailsItsRunAtOnce(SystemUnderTest system, Path scratch) {
        ServiceProcess agent = system.startAnotherAgent(2);
        try {
            ExecutionLog executions = ExecutionLog.in(scratch);
            String studyId = EchoStudy.submit(system, "refused-result", RUNS, executions,
                    "if [ {{ i }} -eq " + POISON + " ]; then printf \"bad\\\\000byte\" >&2; exit 1; fi",
                    "{maxParallel: 4, retries: 0, crashLimit: 2}");

            JsonNode study = system.scheduler().awaitState(studyId, "COMPLETED");

            assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS - 1);
            JsonNode poison = system.scheduler().runs(studyId).stream()
                    .filter(run -> run.path("params").path("i").asInt() == POISON).findFirst().orElseThrow();
            assertThat(poison.path("state").asText()).as("state of %s", poison).isEqualTo("FAILED");
            assertThat(poison.path("error").asText()).as("reason of %s", poison).startsWith("result refused: ");
            assertThat(poison.path("attempt").asInt()).as("attempts of %s: not retried as lost", poison).isEqualTo(1);
            assertThat(executions.perRun().get(poison.path("id").asText())).as("executions of the poison run")
                    .isEqualTo(1L);
            FaultInvariants.Tally tally = FaultInvariants.of("result refused for good", system)
                    .executions(executions).outputs(EchoStudy.echoesI())
                    .failedWithoutResult(poison.path("id").asText(), "result refused")
                    .check(studyId, RUNS);
            assertThat(tally.states()).containsOnlyKeys("SUCCEEDED", "FAILED");
        } finally {
            agent.stop();
        }
    }

    /**
     * An agent id of 230 characters: the results service stored it (255), the scheduler refused it (200) in every
     * claim and in every completion event, which its outbox resent every 5 s for good. Both now hold the wire's
     * one limit.
     */
    @Test
    void anAgentWithAnIdAtTheWiresLimitRunsAStudyToTheEnd(@TempDir Path scratch) {
        String agentId = "agent-with-a-long-name-".repeat(10);
        ServiceProcess agent = SYSTEM.startAnotherAgent(2, Map.of("runfleet.agent.id", agentId));
        try {
            ExecutionLog executions = ExecutionLog.in(scratch);
            String studyId = EchoStudy.submit(SYSTEM, "long-agent-id", RUNS, executions, "true",
                    "{maxParallel: 4, retries: 0}");

            JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

            assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
            assertThat(SYSTEM.scheduler().runs(studyId)).allSatisfy(run ->
                    assertThat(run.path("agentId").asText()).as("agent of %s", run).isEqualTo(agentId));
            FaultInvariants.Tally tally = FaultInvariants.of("agent id of 230 characters", SYSTEM)
                    .executions(executions).outputs(EchoStudy.echoesI()).check(studyId, RUNS);
            assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        } finally {
            agent.stop();
        }
    }

    @Test
    void anAgentIdOverTheLimitStopsTheAgentAtStartNamingTheSetting() throws IOException {
        assertThatThrownBy(() -> SYSTEM.startAnotherAgent(1, Map.of("runfleet.agent.id", "a".repeat(256))))
                .hasStackTraceContaining("exited with code 1 during start-up");
        try (Stream<Path> logs = Files.list(SYSTEM.logDir())) {
            assertThat(logs.filter(log -> log.getFileName().toString().startsWith("agent-")).map(ResultRefusalIT::read))
                    .as("agent logs").anyMatch(text ->
                            text.contains("runfleet.agent.id has 256 characters; identifiers may have at most 255"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
