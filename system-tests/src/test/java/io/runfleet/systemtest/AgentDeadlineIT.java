package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent with a deadline takes no run whose timeout does not fit before it: it hands the runs back without blame
 * and exits by itself; an agent without a deadline, with {@code threads-per-run}, runs them, each seeing its thread
 * count.
 */
class AgentDeadlineIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    @Test
    void runsThatDoNotFitBeforeTheDeadlineAreHandedBackAndRunElsewhereWithoutUsingRetries() throws IOException {
        // 30 s ahead: the runs' timeout of 60 s never fits, yet the agent is up well before its margin is reached
        String deadline = String.valueOf(Instant.now().plusSeconds(30).getEpochSecond());
        ServiceProcess early = SYSTEM.startAnotherAgent(2, Map.of("runfleet.agent.deadline", deadline));
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-agent-deadline
                parameters:
                  grid: {i: [0, 1, 2, 3]}
                template:
                  command: [sh, -c, 'printf "{\\"i\\": %d, \\"omp\\": %s, \\"julia\\": %s}" {{ i }}
                    "$OMP_NUM_THREADS" "$JULIA_NUM_THREADS" > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 4, retries: 0, crashLimit: 0}
                """);

        await("the agent with a deadline exits by itself").atMost(Duration.ofSeconds(40))
                .until(() -> !early.isAlive());
        assertThat(early.process().exitValue()).as("exit code of %s", early).isZero();
        assertThat(early.logLines().stream().filter(line -> line.contains("taking no more runs")))
                .as("why it stops taking runs, said once").hasSize(1)
                .first().asString().contains("timeout of 60s").contains("runfleet.agent.deadline");
        assertThat(runDirectories(SYSTEM.agentWorkDir(0).resolve(studyId))).as("runs started by the agent with a deadline").isEmpty();
        List<JsonNode> handedBack = SYSTEM.scheduler().runs(studyId).stream()
                .filter(run -> run.path("attemptEnds").path("drained").asInt() > 0).toList();
        assertThat(handedBack).as("runs handed back by the agent with a deadline").isNotEmpty();

        SYSTEM.startAnotherAgent(2, Map.of("runfleet.agent.threads-per-run", "3"));
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(4);
        for (JsonNode run : SYSTEM.scheduler().runs(studyId)) {
            JsonNode ends = run.path("attemptEnds");
            assertThat(ends.path("failed").asInt()).as("retries used by %s", run).isZero();
            assertThat(ends.path("lost").asInt()).as("crash limit used by %s", run).isZero();
            assertThat(ends.path("preempted").asInt()).as("preemptions of %s", run).isZero();
        }
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            assertThat(row.path("omp").asInt()).as("OMP_NUM_THREADS of %s", row).isEqualTo(3);
            assertThat(row.path("julia").asInt()).as("JULIA_NUM_THREADS of %s", row).isEqualTo(3);
        }
    }

    /** The run directories of one study below an agent's work directory. */
    private static List<Path> runDirectories(Path studyDir) throws IOException {
        if (!Files.isDirectory(studyDir)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(studyDir)) {
            return runs.toList();
        }
    }
}
