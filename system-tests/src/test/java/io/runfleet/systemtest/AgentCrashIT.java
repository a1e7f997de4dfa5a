package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An agent killed with SIGKILL mid-run: its runs' leases expire and they run again elsewhere, once each. */
class AgentCrashIT {

    /** Agent a is killed; agent b finishes the study. One slot each, so each holds at most one run. */
    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(1, 1);

    @Test
    void runsOfAKilledAgentAreRunAgainAndEachEndsWithExactlyOneResult() {
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-agent-crash
                parameters:
                  grid: {i: [0, 1, 2, 3, 4, 5]}
                template:
                  command: [sh, -c, 'sleep 4; printf "{\\"square\\": %d}" $(({{ i }} * {{ i }})) > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 2, retries: 0, crashLimit: 3}
                """);

        // Two runs RUNNING with two one-slot agents: one of them is on agent a, whose work directory shows it.
        SYSTEM.scheduler().awaitRuns(studyId, "RUNNING", 2);
        await("agent a working on a run").atMost(Duration.ofSeconds(30))
                .until(() -> hasEntries(SYSTEM.agentWorkDir(0)));
        ServiceProcess agentA = SYSTEM.agent(0);
        agentA.kill();
        assertThat(agentA.isAlive()).isFalse();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(6);
        assertThat(SYSTEM.scheduler().runs(studyId)).extracting(run -> run.path("state").asText())
                .containsOnly("SUCCEEDED").hasSize(6);

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).as("exactly one authoritative row per run").hasSize(6);
        assertThat(rows.stream().map(row -> row.path("_run_id").asText()).collect(Collectors.toSet())).hasSize(6);
        for (JsonNode row : rows) {
            assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("SUCCEEDED");
            long i = row.path("i").asLong();
            assertThat(row.path("square").asLong()).as("square of %s", row).isEqualTo(i * i);
        }
        assertThat(rows).as("a run that was on the killed agent ran again")
                .anySatisfy(row -> assertThat(row.path("_attempt").asInt()).isGreaterThan(1));
    }

    private static boolean hasEntries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }
}
