package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A large extension of a running study inserts its runs outside the scheduler loop without holding anything the loop
 * waits for: while it inserts, the loop applies the study's last result (which completes the study for a moment,
 * the very row the extension grows) and dispatches another study. Asserted on order: the other study's request is
 * published, and the result acknowledged, before the extension answers. Times are printed, not asserted.
 */
@QuarkusTest
class LongGrowthTest {

    private static final Duration PATIENCE = Duration.ofMinutes(5);
    /** 200k points less the study's first run: the tests' limit is 200,000 runs per study. */
    private static final long BIG = 199_999;
    private static final String BIG_EXTENSION = "parameters: {grid: {x: {range: [0, " + BIG + "]}}}\n";

    @Inject
    SchedulerHarness harness;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aLargeExtensionOfARunningStudyDoesNotHoldUpTheLoop() throws Exception {
        String running = harness.submit("""
                name: extended-while-running
                parameters: {points: [{x: -1}]}
                template: {builtin: noop}
                policy: {maxParallel: 1}
                """);
        RunRequest last = awaitRequests(running, 1).get(0);

        long extendStart = System.nanoTime();
        CompletableFuture<JsonPath> extension = CompletableFuture.supplyAsync(() -> given()
                // the insert may take longer than the client's default read timeout on a busy machine
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", (int) PATIENCE.toMillis())))
                .contentType("application/yaml").body(BIG_EXTENSION.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies/" + running + "/extend")
                .then().statusCode(200).extract().jsonPath());
        await().atMost(PATIENCE).until(() -> extension.isDone() || insertingRuns());
        assertThat(extension).as("the extension was still inserting when the test went on").isNotDone();

        // the study's last run ends now: applying it touches the study's row, which the extension grows
        long resultSent = System.nanoTime();
        SchedulerHarness.Acks acked = harness.complete(last, RunOutcome.SUCCEEDED, 0);
        String other = harness.submit("""
                name: dispatched-meanwhile
                parameters: {points: [{x: 1}]}
                template: {builtin: noop}
                """);
        long otherSubmitted = System.nanoTime();
        RunRequest otherRequest = awaitRequests(other, 1).get(0);
        long otherDispatched = System.nanoTime();
        boolean extensionDoneAtDispatch = extension.isDone();
        acked.acked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        long resultApplied = System.nanoTime();
        boolean extensionDoneAtAck = extension.isDone();

        JsonPath grown = extension.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        long extendEnd = System.nanoTime();
        System.out.printf("extension of %d points: %d ms; meanwhile another study's first request after %d ms and "
                        + "the running study's last result applied after %d ms%n", BIG, millis(extendStart, extendEnd),
                millis(otherSubmitted, otherDispatched), millis(resultSent, resultApplied));

        assertThat(extensionDoneAtDispatch).as("the other study was dispatched only after the extension").isFalse();
        assertThat(extensionDoneAtAck).as("the result was applied only after the extension").isFalse();
        assertThat(otherRequest.seq()).isZero();
        // all of the extension, numbered after the first run, and the study ACTIVE again for them
        assertThat(grown.getLong("added")).isEqualTo(BIG);
        assertThat(grown.getLong("firstSeq")).isEqualTo(1);
        assertThat(grown.getLong("total")).isEqualTo(BIG + 1);
        assertThat(grown.getString("state")).isEqualTo("ACTIVE");
        await().atMost(PATIENCE).until(() -> "ACTIVE".equals(harness.summary(running).getString("state")));
        RunRequest firstAdded = awaitRequests(running, 2).get(1);
        assertThat(firstAdded.seq()).isEqualTo(1);
        assertThat(harness.summary(running).getLong("total")).isEqualTo(BIG + 1);

        given().when().post("/studies/" + running + "/cancel").then().statusCode(200);
        harness.complete(otherRequest, RunOutcome.SUCCEEDED, 0).acked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Whether a connection is inside a transaction that inserts runs (between batches it is idle in it). */
    private boolean insertingRuns() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE (query LIKE 'COPY scheduler.run %' OR query LIKE 'INSERT INTO scheduler.run %')"
                     + " AND state IN ('active', 'idle in transaction')"
                     + " AND datname = current_database()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
