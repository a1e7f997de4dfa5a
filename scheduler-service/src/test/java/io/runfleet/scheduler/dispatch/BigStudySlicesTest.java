package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancelling and resuming a study of 60,000 runs moves them a slice per loop round, and the loop serves another
 * study between slices. Asserted on order: the other study is dispatched while runs of the large one are still to
 * be moved. Times are printed, not asserted.
 */
@QuarkusTest
class BigStudySlicesTest {

    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final long RUNS = 60_000;

    @Inject
    SchedulerHarness harness;

    @Test
    void aLargeCancelLeavesTheLoopToOtherStudiesBetweenSlices() throws Exception {
        String big = bigStudy("big-cancelled");

        long cancelStart = System.nanoTime();
        JsonPath cancelled = given().when().post("/studies/" + big + "/cancel").then().statusCode(200)
                .extract().jsonPath();
        long cancelAnswered = System.nanoTime();
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        long waitingAtOtherDispatch = dispatchAnother("while-cancelling", () -> count(big, "PENDING"));
        await().atMost(PATIENCE).until(() -> count(big, "CANCELLED") == RUNS);
        long cancelDone = System.nanoTime();
        System.out.printf("cancel of %d runs: answered after %d ms, all CANCELLED after %d ms; another study was "
                        + "dispatched while %d runs were still PENDING%n", RUNS, millis(cancelStart, cancelAnswered),
                millis(cancelStart, cancelDone), waitingAtOtherDispatch);
        assertThat(waitingAtOtherDispatch).as("runs left to cancel when another study was dispatched").isPositive();
        assertThat(harness.summary(big).getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void aLargeResumeLeavesTheLoopToOtherStudiesBetweenSlices() throws Exception {
        String big = bigStudy("big-resumed");
        given().when().post("/studies/" + big + "/cancel").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> count(big, "CANCELLED") == RUNS);

        long resumeStart = System.nanoTime();
        JsonPath resumed = given().when().post("/studies/" + big + "/resume").then().statusCode(200)
                .extract().jsonPath();
        long resumeAnswered = System.nanoTime();
        assertThat(resumed.getLong("resumed")).isEqualTo(RUNS);
        assertThat(resumed.getString("state")).isEqualTo("ACTIVE");
        long cancelledAtOtherDispatch = dispatchAnother("while-resuming", () -> count(big, "CANCELLED"));
        await().atMost(PATIENCE).until(() -> count(big, "CANCELLED") == 0);
        long resumeDone = System.nanoTime();
        System.out.printf("resume of %d runs: answered after %d ms, all resumed after %d ms; another study was "
                        + "dispatched while %d runs were still CANCELLED%n", RUNS, millis(resumeStart, resumeAnswered),
                millis(resumeStart, resumeDone), cancelledAtOtherDispatch);
        assertThat(cancelledAtOtherDispatch).as("runs left to resume when another study was dispatched").isPositive();
        assertThat(harness.summary(big).getString("state")).isEqualTo("ACTIVE");

        given().when().post("/studies/" + big + "/cancel").then().statusCode(200);
        await().atMost(PATIENCE).until(() -> count(big, "CANCELLED") == RUNS);
    }

    /** A study of {@link #RUNS} runs, dispatched. */
    private String bigStudy(String name) {
        String big = harness.submit("""
                name: %s
                parameters: {grid: {x: {range: [0, %d]}}}
                template: {builtin: noop}
                """.formatted(name, RUNS));
        await().atMost(PATIENCE).until(() -> harness.requests(big).size() >= 1);
        return big;
    }

    /** Submits a one-run study, waits for its request and answers what {@code left} counts at that moment. */
    private long dispatchAnother(String name, Counter left) throws Exception {
        String other = harness.submit("""
                name: %s
                parameters: {points: [{x: 1}]}
                template: {builtin: noop}
                """.formatted(name));
        await().atMost(PATIENCE).until(() -> !harness.requests(other).isEmpty());
        long stillLeft = left.count();
        RunRequest request = harness.requests(other).get(0);
        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        return stillLeft;
    }

    @FunctionalInterface
    private interface Counter {
        long count() throws Exception;
    }

    private long count(String studyId, String state) {
        return harness.summary(studyId).getLong("counts." + state);
    }

    private static long millis(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
