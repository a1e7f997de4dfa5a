package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancels reach the processes on the agents: first one run of a running study, then the whole study. Six runs of
 * {@code sleep 60} on two agents with two slots each; every run writes the PIDs of its shell and of its sleep to a
 * directory of the test's own, which the test checks in /proc. The assertions are the same for every transport; a
 * subclass per transport registers the system.
 */
abstract class CancelEndToEnd {

    /** How long a cancel may take to reach the processes; no measurement, a bound for a slow shared machine. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path pidDir;

    /** The subclass's {@code @RegisterExtension} system: two agents with two slots each. */
    abstract SystemUnderTest system();

    /** What the transport itself must show once the test is done; nothing by default. */
    void checkTransportAfter() {
    }

    private String sleepingStudy() {
        return """
                name: it-cancel
                parameters:
                  grid: {i: [1, 2, 3, 4, 5, 6]}
                  constants: {pids: "%s"}
                template:
                  command:
                    - sh
                    - -c
                    - >-
                      echo $$ > {{ pids }}/{{ run.id }}.shell;
                      sleep 60 & echo $! > {{ pids }}/{{ run.id }}.sleep;
                      wait
                  timeout: 10m
                policy: {maxParallel: 6, retries: 0}
                """.formatted(pidDir);
    }

    @Test
    void cancellingOneRunAndThenTheStudyStopsTheirProcessesAndLeavesTheAgentsReady() {
        SchedulerApi scheduler = system().scheduler();
        String studyId = scheduler.submitValidYaml(sleepingStudy());
        List<JsonNode> running = scheduler.awaitRuns(studyId, "RUNNING", 4);
        String doomed = running.stream().min(Comparator.comparingLong(run -> run.path("seq").asLong()))
                .orElseThrow().path("id").asText();
        Map<String, List<Long>> pidsBefore = awaitPids(running.stream().map(run -> run.path("id").asText())
                .toList());

        JsonNode cancelledRun = scheduler.rest().post("/studies/" + studyId + "/runs/" + doomed + "/cancel")
                .expect(200);

        assertThat(cancelledRun.path("state").asText()).as("answer %s", cancelledRun).isEqualTo("CANCELLED");
        awaitNoneRunning("run " + doomed, pidsBefore.get(doomed));
        assertThat(stateOf(studyId, doomed)).isEqualTo("CANCELLED");
        for (Map.Entry<String, List<Long>> other : pidsBefore.entrySet()) {
            if (!other.getKey().equals(doomed)) {
                assertThat(stateOf(studyId, other.getKey())).as("run %s", other.getKey()).isEqualTo("RUNNING");
                assertThat(other.getValue()).as("processes of run %s", other.getKey())
                        .allMatch(ProcessLiveness::isRunning);
            }
        }
        assertThat(scheduler.study(studyId).path("state").asText()).isEqualTo("ACTIVE");
        // the cancelled run's slot went to a PENDING run
        List<JsonNode> runningAgain = scheduler.awaitRuns(studyId, "RUNNING", 4);
        assertThat(runningAgain).extracting(run -> run.path("id").asText()).doesNotContain(doomed);
        JsonNode doomedRow = awaitRow(studyId, doomed);
        assertThat(doomedRow.path("_state").asText()).as("row %s", doomedRow).isEqualTo("CANCELLED");
        assertThat(doomedRow.path("_error").asText()).as("row %s", doomedRow).isEqualTo("run cancelled");

        List<String> stoppedByStudyCancel = runningAgain.stream().map(run -> run.path("id").asText()).toList();
        awaitPids(stoppedByStudyCancel);
        JsonNode study = scheduler.rest().post("/studies/" + studyId + "/cancel").expect(200);

        assertThat(study.path("state").asText()).as("answer %s", study).isEqualTo("CANCELLED");
        assertThat(allPidsWritten()).as("shell and sleep of each of the 5 runs that started")
                .hasSizeGreaterThanOrEqualTo(10);
        // listed afresh at each look: no request the scheduler sent before the cancel may start a process later
        await("no process of study " + studyId + " running").atMost(STOP_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> allPidsWritten().stream().noneMatch(ProcessLiveness::isRunning));
        List<JsonNode> runs = scheduler.runs(studyId);
        assertThat(runs).hasSize(6).extracting(run -> run.path("state").asText()).containsOnly("CANCELLED");
        assertThat(scheduler.study(studyId).path("state").asText()).isEqualTo("CANCELLED");
        for (String runId : stoppedByStudyCancel) {
            JsonNode row = awaitRow(studyId, runId);
            assertThat(row.path("_state").asText()).as("row %s", row).isEqualTo("CANCELLED");
            assertThat(row.path("_error").asText()).as("row %s", row).isEqualTo("study cancelled");
        }
        assertThat(system().results().rows(studyId)).extracting(row -> row.path("_state").asText())
                .doesNotContain("SUCCEEDED");

        assertThat(system().agent(0).isAlive()).as("agent a").isTrue();
        assertThat(system().agent(1).isAlive()).as("agent b").isTrue();
        String next = scheduler.submitValidYaml("""
                name: it-after-cancel
                parameters:
                  grid: {i: [1, 2]}
                template:
                  command: [sh, -c, 'echo {{ i }}']
                  timeout: 60s
                policy: {maxParallel: 2, retries: 0}
                """);
        JsonNode after = scheduler.awaitState(next, "COMPLETED");
        assertThat(after.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", after).isEqualTo(2);
        checkTransportAfter();
    }

    private String stateOf(String studyId, String runId) {
        return system().scheduler().runs(studyId).stream().filter(run -> run.path("id").asText().equals(runId))
                .findFirst().orElseThrow().path("state").asText();
    }

    /** The results row of one run, once its agent's result is stored. */
    private JsonNode awaitRow(String studyId, String runId) {
        Function<String, Optional<JsonNode>> find = id -> system().results().rows(studyId).stream()
                .filter(row -> row.path("_run_id").asText().equals(id)).findFirst();
        await("result row of run " + runId).atMost(SchedulerApi.STUDY_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> find.apply(runId).isPresent());
        return find.apply(runId).orElseThrow();
    }

    /** Waits until each run has written the PIDs of its shell and its sleep; answers them by run id. */
    private Map<String, List<Long>> awaitPids(List<String> runIds) {
        await("PID files of runs " + runIds).atMost(SchedulerApi.STUDY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> runIds.stream().allMatch(id -> pid(id + ".shell").isPresent()
                        && pid(id + ".sleep").isPresent()));
        return runIds.stream().collect(Collectors.toMap(id -> id,
                id -> List.of(pid(id + ".shell").orElseThrow(), pid(id + ".sleep").orElseThrow())));
    }

    private Optional<Long> pid(String fileName) {
        try {
            String text = Files.readString(pidDir.resolve(fileName)).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException notYetWritten) {
            return Optional.empty();
        }
    }

    private List<Long> allPidsWritten() {
        try (Stream<Path> files = Files.list(pidDir)) {
            List<Long> pids = new ArrayList<>();
            files.forEach(file -> pid(file.getFileName().toString()).ifPresent(pids::add));
            return pids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitNoneRunning(String what, List<Long> pids) {
        await("no process of " + what + " running (PIDs " + pids + ")").atMost(STOP_WITHIN)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pids.stream().noneMatch(ProcessLiveness::isRunning));
    }
}
