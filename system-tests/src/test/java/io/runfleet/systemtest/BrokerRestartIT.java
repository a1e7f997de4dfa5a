package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RabbitMQ restarted ({@code rabbitmqctl stop_app}, a pause, {@code start_app}) while a study of 500 runs
 * is in progress: the services and agents reconnect, and every run still ends SUCCEEDED with exactly one
 * result row.
 *
 * <p>It stops the whole broker, not only this class's virtual host: other clients of the same broker see
 * the restart too.
 */
class BrokerRestartIT {

    private static final int RUNS = 500;
    /** Enough runs done to be sure the study is flowing, few enough that most are still ahead. */
    private static final int SUCCEEDED_BEFORE_RESTART = 20;
    private static final Duration BROKER_DOWN = Duration.ofSeconds(5);
    /** Generous: 500 runs on a busy two-core machine, plus reconnection and lease expiries. */
    private static final Duration STUDY_TIMEOUT = Duration.ofMinutes(10);

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 4, 4);

    /** A short sleep keeps the study running long enough that the restart falls in its middle. */
    private static final String STUDY = """
            name: it-broker-restart
            parameters:
              grid: {i: %s}
            template:
              command: [sh, -c, 'sleep 0.2; echo "{\\"i\\": {{ i }}}" > result.json']
              timeout: 60s
            outputs:
              - {json: result.json}
            policy: {maxParallel: 8, retries: 0, crashLimit: 3}
            """.formatted(IntStream.range(0, RUNS).boxed().toList());

    @Test
    void aStudyOutlivesABrokerRestartWithOneResultPerRun() throws InterruptedException {
        String studyId = SYSTEM.scheduler().submitValidYaml(STUDY);
        await("at least " + SUCCEEDED_BEFORE_RESTART + " runs of study " + studyId + " SUCCEEDED")
                .atMost(SchedulerApi.STUDY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> succeeded(SYSTEM.scheduler().study(studyId)) >= SUCCEEDED_BEFORE_RESTART);

        RabbitMqBroker broker = SYSTEM.broker();
        try {
            RabbitMqBroker.stopApp();
            JsonNode whileDown = SYSTEM.scheduler().study(studyId);
            assertThat(succeeded(whileDown)).as("the broker went down in the middle of the study: %s", whileDown)
                    .isLessThan(RUNS);
            Thread.sleep(BROKER_DOWN.toMillis());
        } finally {
            RabbitMqBroker.startApp();
            // Fails the test if the broker does not come back: later classes need it.
            broker.awaitBack();
        }

        JsonNode study = awaitCompleted(studyId);
        assertThat(succeeded(study)).as("counts of %s", study).isEqualTo(RUNS);
        List<JsonNode> runs = JsonLists.elements(
                SYSTEM.scheduler().rest().get("/studies/" + studyId + "/runs?limit=" + (RUNS * 2)).expect(200));
        assertThat(runs).extracting(run -> run.path("state").asText()).hasSize(RUNS).containsOnly("SUCCEEDED");

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).as("exactly one authoritative row per run").hasSize(RUNS);
        assertThat(rows.stream().map(row -> row.path("_run_id").asText()).collect(Collectors.toSet()))
                .as("distinct run ids").hasSize(RUNS);
        for (JsonNode row : rows) {
            assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("SUCCEEDED");
        }
        Set<Long> points = rows.stream().map(row -> row.path("i").asLong()).collect(Collectors.toSet());
        assertThat(points).as("every i exactly once")
                .isEqualTo(IntStream.range(0, RUNS).mapToObj(i -> (long) i).collect(Collectors.toSet()));

        SYSTEM.scheduler().rest().get("/health").expectText(200);
        SYSTEM.results().rest().get("/health").expectText(200);
        for (int i = 0; i < 2; i++) {
            assertThat(SYSTEM.agent(i).isAlive()).as("%s still running", SYSTEM.agent(i)).isTrue();
        }
    }

    private static int succeeded(JsonNode study) {
        return study.path("counts").path("SUCCEEDED").asInt();
    }

    private static JsonNode awaitCompleted(String studyId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("study " + studyId + " COMPLETED after the broker restart")
                .atMost(STUDY_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    last.set(SYSTEM.scheduler().study(studyId));
                    assertThat(last.get().path("state").asText()).as("state of %s", last.get()).isEqualTo("COMPLETED");
                });
        return last.get();
    }
}
