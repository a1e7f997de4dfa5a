package io.runfleet.scheduler.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A study whose stored row cannot be read fails alone, with its reason; the other studies are dispatched and
 * complete. A stored spec from before a field existed is read with the field's default. The rows are changed in
 * the database directly, as damage or an older build would leave them.
 */
@QuarkusTest
class UnreadableStudyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    SchedulerHarness harness;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aStudyWithACorruptedSpecFailsWithItsReasonAndTheOthersComplete() throws Exception {
        // a dry run is never dispatched, so nothing has read (and cached) its spec before the damage
        String broken = dryRun("""
                name: damaged
                parameters: {grid: {x: [1, 2, 3]}}
                template: {builtin: noop}
                """);
        setSpec(broken, "{\"command\": [\"echo\", ");
        given().when().post("/studies/" + broken + "/start").then().statusCode(200);

        String healthy = harness.submit("""
                name: healthy
                parameters: {grid: {x: [1, 2, 3]}}
                template: {builtin: noop}
                """);
        List<RunRequest> sent = awaitRequests(healthy, 3);
        for (RunRequest request : sent) {
            harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(harness.summary(healthy).getString("state")));

        await().atMost(PATIENCE).until(() -> "FAILED".equals(harness.summary(broken).getString("state")));
        JsonPath failed = harness.summary(broken);
        System.out.printf("unreadable study %s: %s; error: %s%n", broken, failed.getMap("counts"),
                failed.getString("error"));
        assertThat(failed.getString("error")).startsWith("study " + broken + " has an unreadable spec: ");
        assertThat(failed.getLong("counts.CANCELLED")).isEqualTo(3);
        assertThat(failed.getString("completedAt")).isNotNull();
        assertThat(harness.run(broken, 0).getString("error")).startsWith("study failed: study " + broken);
        assertThat(harness.requests(broken)).isEmpty();
    }

    @Test
    void aStoredSpecWithoutANewerFieldIsDispatchedWithItsDefault() throws Exception {
        String old = dryRun("""
                name: stored-by-an-earlier-build
                parameters: {grid: {x: [7]}}
                template: {command: [echo, "{{ x }}"]}
                """);
        // as an earlier build stored it: no keep, no timeout, no outputs
        setSpec(old, "{\"command\": [\"echo\", \"{{ x }}\"], \"shell\": false}");
        given().when().post("/studies/" + old + "/start").then().statusCode(200);

        RunRequest request = awaitRequests(old, 1).get(0);

        assertThat(request.spec().command()).containsExactly("echo", "{{ x }}");
        assertThat(request.spec().keep()).isEqualTo("all");
        assertThat(request.spec().timeoutMillis()).isZero();
        assertThat(request.params()).isEqualTo(Map.of("x", 7));
        harness.complete(request, RunOutcome.SUCCEEDED, 0).acked.get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(harness.summary(old).getString("state")));
    }

    private static String dryRun(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .queryParam("dryRun", true)
                .when().post("/studies")
                .then().statusCode(201).extract().path("id");
    }

    private void setSpec(String studyId, String spec) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "UPDATE scheduler.study SET spec = ? WHERE id = ?")) {
            statement.setString(1, spec);
            statement.setString(2, studyId);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private List<RunRequest> awaitRequests(String studyId, int count) {
        await().atMost(PATIENCE).until(() -> harness.requests(studyId).size() >= count);
        return harness.requests(studyId);
    }
}
