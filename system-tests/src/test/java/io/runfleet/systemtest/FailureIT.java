package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs that fail or overrun: retried by policy, recorded with their reason, their processes cleaned up. */
class FailureIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2);

    @Test
    void aFailingCommandIsRetriedByPolicyThenRecordedFailedWithItsExitCodeAndStderr() {
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-exit-3
                parameters:
                  grid: {x: [1]}
                template:
                  command: [sh, -c, 'echo "broken input {{ x }}" >&2; exit 3']
                  timeout: 30s
                policy: {maxParallel: 1, retries: 2, backoff: 200ms, crashLimit: 3}
                """);

        List<JsonNode> failed = SYSTEM.scheduler().awaitRuns(studyId, "FAILED", 1);
        assertThat(failed).hasSize(1);
        JsonNode run = failed.get(0);
        assertThat(run.path("attempt").asInt()).as("attempt of %s", run).isEqualTo(3);
        assertThat(run.path("exitCode").asInt()).as("exitCode of %s", run).isEqualTo(3);

        await("three attempts recorded").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(SYSTEM.results().attempts(studyId)).hasSize(3));
        List<JsonNode> attempts = SYSTEM.results().attempts(studyId);
        assertThat(attempts).extracting(attempt -> attemptNumber(attempt)).containsExactlyInAnyOrder(1, 2, 3);

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("FAILED");
        assertThat(row.path("_exit_code").asInt()).as("_exit_code of %s", row).isEqualTo(3);
        assertThat(row.path("_attempt").asInt()).as("_attempt of %s", row).isEqualTo(3);
        String reasons = row.path("_error").asText() + " | " + row.path("_stderr").asText() + " | " + run.path("error").asText();
        assertThat(reasons).as("the stderr tail is kept in _error, _stderr or the run's error").contains("broken input 1");
    }

    @Test
    void anOverrunningCommandIsTimedOutWithItsWholeProcessTree() throws IOException {
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-timeout
                parameters:
                  grid: {x: [1]}
                template:
                  command: [sh, -c, 'sleep 300 & echo $! > child.pid; sleep 300']
                  timeout: 2s
                policy: {maxParallel: 1, retries: 0, crashLimit: 3}
                """);

        List<JsonNode> timedOut = SYSTEM.scheduler().awaitRuns(studyId, "TIMED_OUT", 1);
        assertThat(timedOut).hasSize(1);
        assertThat(SYSTEM.results().rows(studyId)).singleElement()
                .satisfies(row -> assertThat(row.path("_state").asText()).isEqualTo("TIMED_OUT"));

        long childPid = Long.parseLong(Files.readString(findChildPidFile()).trim());
        assertThat(childPid).isPositive();
        await("background child " + childPid + " killed with its parent").atMost(Duration.ofSeconds(30))
                .until(() -> !ProcessLiveness.isRunning(childPid));
    }

    private static int attemptNumber(JsonNode attempt) {
        JsonNode number = attempt.has("attempt") ? attempt.get("attempt") : attempt.get("_attempt");
        assertThat(number).as("attempt number in %s", attempt).isNotNull();
        return number.asInt();
    }

    /** The agent keeps run directories by default ({@code keep: all}); the command wrote the PID there. */
    private static Path findChildPidFile() throws IOException {
        try (Stream<Path> files = Files.walk(SYSTEM.agentWorkDir(0))) {
            List<Path> found = files.filter(path -> path.getFileName().toString().equals("child.pid")).toList();
            assertThat(found).as("child.pid under %s", SYSTEM.agentWorkDir(0)).hasSize(1);
            return found.get(0);
        }
    }
}
