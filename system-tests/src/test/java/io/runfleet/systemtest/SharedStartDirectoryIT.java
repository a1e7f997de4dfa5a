package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents started alike in one directory, as the tasks of one Slurm node are, without a work directory: each
 * keeps its run directories in a directory of its own below the user's data directory, none in the directory they
 * were started in, and every kept run directory is still there when the study has ended.
 */
class SharedStartDirectoryIT {

    private static final int RUNS = 8;

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    @Test
    void agentsStartedAlikeInOneDirectoryKeepTheirRunsApart(@TempDir Path dataHome) {
        ServiceProcess first = SYSTEM.startAnotherAgentOnItsDefaultWorkDir(1, dataHome);
        ServiceProcess second = SYSTEM.startAnotherAgentOnItsDefaultWorkDir(1, dataHome);

        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: shared-start-directory
                parameters: {grid: {i: %s}}
                template:
                  command: [sh, -c, 'sleep 0.5; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  timeout: 60s
                  keep: all
                outputs: [{json: result.json}]
                policy: {maxParallel: 2}
                """.formatted(IntStream.range(0, RUNS).boxed().toList()));
        SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

        Path workRoot = dataHome.resolve("runfleet").resolve("work");
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(RUNS);
        for (JsonNode row : rows) {
            Path runDir = Path.of(row.path("_run_dir").asText());
            assertThat(runDir.startsWith(workRoot)).as("run directory %s of %s below %s", runDir, row, workRoot)
                    .isTrue();
            assertThat(runDir.resolve("result.json")).as("kept output of %s", row).exists();
        }
        Set<String> agentDirs = rows.stream()
                .map(row -> workRoot.relativize(Path.of(row.path("_run_dir").asText())).getName(0).toString())
                .collect(Collectors.toSet());
        Set<String> agentIds = rows.stream().map(row -> row.path("_agent").asText()).collect(Collectors.toSet());
        assertThat(agentDirs).as("one directory per agent, named after it").isEqualTo(agentIds).hasSize(2);
        Path startDirectory = ItPaths.serviceJar("worker-agent").getParent();
        assertThat(startDirectory.resolve("runfleet-work").resolve(studyId)).as("runs in the start directory")
                .doesNotExist();
        assertThat(Files.isDirectory(workRoot)).isTrue();
        assertThat(first.isAlive() && second.isAlive()).isTrue();

        FaultInvariants.of("two agents started alike in one directory", SYSTEM).check(studyId, RUNS);
    }
}
