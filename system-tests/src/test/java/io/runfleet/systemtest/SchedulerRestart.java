package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the scheduler in the middle of a study, then a new scheduler process on the same database:
 * the study finishes, no run is lost, and every run has exactly one accepted result. Run on each transport by a
 * subclass that registers the system.
 */
abstract class SchedulerRestart {

    private static final int RUNS = 300;
    private static final int RUNS_LIMIT = 1000;

    abstract SystemUnderTest system();

    @Test
    void aStudyFinishesAfterTheSchedulerIsKilledAndStartedAgain(@TempDir Path scratch) throws Exception {
        Path executions = scratch.resolve("executions.log");
        String studyId = system().scheduler().submitValidYaml("""
                name: scheduler-killed
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, 'echo "{{ i }} {{ run.attempt }}" >> "$EXECUTIONS"; sleep 0.2; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  environment: {EXECUTIONS: '%s'}
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 8, retries: 0, crashLimit: 3}
                """.formatted(IntStream.range(0, RUNS).boxed().toList(), executions));
        system().scheduler().awaitRuns(studyId, "SUCCEEDED", 40);

        system().killScheduler();
        assertThat(system().schedulerProcess().isAlive()).as("scheduler after SIGKILL").isFalse();
        // agents finish what they hold and the results service stores it while nobody dispatches
        Thread.sleep(3_000);
        system().startSchedulerAgain();

        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");
        assertThat(system().schedulerProcess().logLines()).as("the new scheduler took over runs left in flight")
                .anyMatch(line -> line.contains("in flight from an earlier process"));
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        Map<String, JsonNode> runsById = system().scheduler().runs(studyId, RUNS_LIMIT).stream()
                .collect(Collectors.toMap(run -> run.path("id").asText(), Function.identity()));
        assertThat(runsById).as("runs of %s", studyId).hasSize(RUNS);
        assertThat(runsById.values()).extracting(run -> run.path("state").asText()).containsOnly("SUCCEEDED");

        assertOneAcceptedResultPerRun(studyId, runsById);
        assertEveryValueRan(executions);
        assertThat(system().services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }

    /** One row per run; the row is the attempt the scheduler accepted; no (run, attempt) stored twice. */
    private void assertOneAcceptedResultPerRun(String studyId, Map<String, JsonNode> runsById) {
        List<JsonNode> rows = system().results().rows(studyId);
        assertThat(rows).as("result rows of %s", studyId).hasSize(RUNS);
        assertThat(rows).allSatisfy(row -> {
            JsonNode run = runsById.get(row.path("_run_id").asText());
            assertThat(run).as("run of row %s", row).isNotNull();
            assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("_attempt").asInt()).as("accepted attempt of %s", row)
                    .isEqualTo(run.path("attempt").asInt());
            assertThat(row.path("echoed").asLong()).as("output of %s", row).isEqualTo(row.path("i").asLong());
        });
        assertThat(rows.stream().map(row -> row.path("i").asInt()).collect(Collectors.toSet()))
                .as("every value of i once").hasSize(RUNS);
        List<String> attempts = system().results().attempts(studyId).stream()
                .map(attempt -> attempt.path("runId").asText() + "#" + attempt.path("attempt").asInt()).toList();
        assertThat(attempts).as("attempt history of %s", studyId).doesNotHaveDuplicates();
    }

    /** No run was lost: each value executed at least once (a request sent again may run twice; it is stored once). */
    private static void assertEveryValueRan(Path executions) throws IOException {
        List<String> lines = Files.readAllLines(executions);
        Set<Integer> executed = lines.stream().map(line -> Integer.parseInt(line.split(" ")[0]))
                .collect(Collectors.toSet());
        assertThat(executed).as("values of i executed (%d executions in all)", lines.size()).hasSize(RUNS);
        System.out.printf("scheduler restart: %d executions for %d runs%n", lines.size(), RUNS);
    }
}
