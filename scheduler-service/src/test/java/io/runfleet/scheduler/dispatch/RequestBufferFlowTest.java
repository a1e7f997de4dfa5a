package io.runfleet.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A request buffer of three (runfleet.scheduler.request-buffer) and a study of more runs than fit: the runs that do
 * not fit wait PENDING, with no attempt spent, and go out once the transport settled the requests it held; every run
 * ends SUCCEEDED on its first attempt, and no run is sent twice. The in-memory sink acknowledges what it takes, so
 * the test itself fills the buffer, as requests no agent has asked for yet would, then frees it.
 */
@QuarkusTest
@TestProfile(RequestBufferFlowTest.TinyBuffer.class)
class RequestBufferFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int RUNS = 12;

    /** Room for three requests; nothing else differs. */
    public static class TinyBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("runfleet.scheduler.request-buffer", "3");
        }
    }

    @Inject
    SchedulerHarness harness;

    @Inject
    SchedulerLoop loop;

    @Inject
    RequestBuffer buffer;

    @Test
    void runsWaitPendingWhileTheBufferIsFullAndEachSucceedsOnItsFirstAttempt() throws Exception {
        buffer.added(3);
        String id;
        try {
            id = harness.submit("name: tiny-buffer\nparameters: {points: [" + points() + "]}\n"
                    + "template: {builtin: noop}\npolicy: {maxParallel: " + RUNS + "}\n");
            // a task that changed something is followed by a dispatch round: once the second task ran, the
            // round after the first one is over
            loop.submit((connection, now) -> true).get();
            loop.submit((connection, now) -> true).get();
            assertThat(harness.requests(id)).as("requests while the buffer is full").isEmpty();
            JsonPath waiting = harness.summary(id);
            assertThat(waiting.getLong("counts.PENDING")).isEqualTo(RUNS);
            assertThat(harness.run(id, 0).getInt("attempt")).as("no attempt spent while waiting").isZero();
        } finally {
            for (int held = 0; held < 3; held++) {
                buffer.settled();
            }
        }

        Set<String> completed = new HashSet<>();
        await().atMost(PATIENCE).until(() -> {
            for (RunRequest request : harness.requests(id)) {
                if (completed.add(request.runId())) {
                    harness.complete(request, RunOutcome.SUCCEEDED, 0);
                }
            }
            return "COMPLETED".equals(harness.summary(id).getString("state"));
        });

        List<RunRequest> sent = harness.requests(id);
        assertThat(sent).as("one request per run").hasSize(RUNS);
        assertThat(sent).extracting(RunRequest::runId).doesNotHaveDuplicates();
        assertThat(sent).extracting(RunRequest::attempt).containsOnly(1);
        JsonPath summary = harness.summary(id);
        assertThat(summary.getLong("counts.SUCCEEDED")).isEqualTo(RUNS);
        assertThat(buffer.room()).as("every request settled").isEqualTo(3);
    }

    private static String points() {
        StringBuilder points = new StringBuilder();
        for (int x = 0; x < RUNS; x++) {
            points.append(x == 0 ? "" : ", ").append("{x: ").append(x).append('}');
        }
        return points.toString();
    }
}
