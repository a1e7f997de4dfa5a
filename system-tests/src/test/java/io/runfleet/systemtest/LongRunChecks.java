package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Studies of long sleeping runs over RabbitMQ, and what must hold after them: each run done exactly once. */
final class LongRunChecks {

    /** The agent's log after a broker-side channel close: the broker's reason, then the client's recovery. */
    static final Pattern CHANNEL_CLOSED_BY_BROKER = Pattern.compile(
            "PRECONDITION_FAILED|delivery acknowledgement|Attempting to reconnect|Reconsume queue|lost the broker");
    /** Generous: runs of 90 s on a shared two-core machine; nothing here measures speed. */
    static final Duration LONG_STUDY_TIMEOUT = Duration.ofMinutes(6);

    private LongRunChecks() {
    }

    /**
     * One run per entry of {@code seconds}, in that order ({@code seq} 0, 1, ...), each sleeping so long and
     * then writing a JSON output; all dispatched at once.
     */
    static String sleepingStudy(String name, List<Integer> seconds) {
        String points = seconds.stream().map(s -> "{seconds: " + s + "}").collect(Collectors.joining(", "));
        return """
                name: %s
                parameters:
                  points: [%s]
                template:
                  command: [sh, -c, 'sleep {{ seconds }}; echo "{\\"slept\\": {{ seconds }}}" > result.json']
                  timeout: 600s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: %d, retries: 0, crashLimit: 3}
                """.formatted(name, points, seconds.size());
    }

    /** Waits until every run of the study is in a terminal state; which one is for the caller to judge. */
    static List<JsonNode> awaitAllFinished(SystemUnderTest system, String studyId, int count) {
        AtomicReference<List<JsonNode>> last = new AtomicReference<>();
        await(count + " runs of study " + studyId + " finished")
                .atMost(LONG_STUDY_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(system.scheduler().runs(studyId));
                    assertThat(last.get()).as("runs of %s", studyId).hasSize(count)
                            .allSatisfy(run -> assertThat(run.path("state").asText()).as("state of %s", run)
                                    .isIn("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"));
                });
        return last.get();
    }

    /** Every run SUCCEEDED in its first attempt, with one attempt and one result row each. */
    static void assertSucceededOnceEach(SystemUnderTest system, String studyId, List<JsonNode> runs) {
        assertThat(runs).as("runs of %s", studyId).allSatisfy(run -> {
            assertThat(run.path("state").asText()).as("state of %s", run).isEqualTo("SUCCEEDED");
            assertThat(run.path("attempt").asInt()).as("attempt of %s", run).isEqualTo(1);
        });

        List<JsonNode> attempts = system.results().attempts(studyId);
        assertThat(attempts).as("attempts recorded for study %s", studyId).hasSize(runs.size());
        assertThat(attempts).extracting(attempt -> attempt.path("runId").asText())
                .as("one attempt per run").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(runs.stream().map(run -> run.path("id").asText()).toList());
        assertThat(attempts).extracting(attempt -> attempt.path("attempt").asInt()).containsOnly(1);

        List<JsonNode> rows = system.results().rows(studyId);
        assertThat(rows).as("result rows of %s", studyId).hasSize(runs.size()).allSatisfy(row -> {
            assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("slept").asInt()).as("output the command wrote in %s", row)
                    .isEqualTo(row.path("seconds").asInt());
        });
    }

    /** Nothing dead-lettered or left behind, and the agent's channel was never closed under it. */
    static void assertTransportClean(SystemUnderTest system) {
        assertThat(system.broker().queueMessageCounts()).as("queues in vhost %s", system.broker().virtualHost())
                .containsEntry("runfleet.dead-letter", 0L)
                .containsEntry("runfleet.run-requests", 0L);
        ServiceProcess agent = system.agent(0);
        assertThat(agent.isAlive()).as("%s still running", agent).isTrue();
        assertThat(agent.logLines()).as("lines of %s showing a channel closed by the broker", agent.log())
                .noneMatch(line -> CHANNEL_CLOSED_BY_BROKER.matcher(line).find());
    }
}
