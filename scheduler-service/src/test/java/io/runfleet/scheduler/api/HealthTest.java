package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Readiness follows the database, liveness the scheduler loop. An application of its own (a test profile): the
 * database is reached through a proxy the test cuts, and the loop is killed for good.
 */
@QuarkusTest
@TestProfile(HealthTest.OwnApplication.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A database behind {@link DatabaseProxy}; nothing else differs. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseProxy.class));
        }
    }

    @Inject
    SchedulerLoop loop;

    private static JsonPath health(String path, int status) {
        return given().when().get(path).then().statusCode(status).extract().jsonPath();
    }

    @Test
    @Order(1)
    void readinessIsDownWhileTheDatabaseIsAwayAndLivenessStaysUp() {
        assertThat(health("/health/ready", 200).getString("status")).isEqualTo("UP");
        assertThat(health("/health/live", 200).getString("status")).isEqualTo("UP");
        assertThat(health("/health", 200).getString("status")).isEqualTo("UP");

        DatabaseProxy.cut();
        try {
            await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 503);
            JsonPath ready = health("/health/ready", 503);
            assertThat(ready.getString("status")).isEqualTo("DOWN");
            assertThat(ready.getString("checks[0].name")).isEqualTo("database");
            assertThat(ready.getString("checks[0].reason")).isNotBlank();
            health("/health", 503);
            assertThat(health("/health/live", 200).getString("status")).as("a database outage needs no restart")
                    .isEqualTo("UP");
        } finally {
            DatabaseProxy.restore();
        }
        await().atMost(PATIENCE).until(() -> given().get("/health/ready").statusCode() == 200);
    }

    @Test
    @Order(2)
    void livenessIsDownOnceTheLoopDied() {
        assertThat(health("/health/live", 200).getString("status")).isEqualTo("UP");

        loop.submit((connection, now) -> {
            throw new AssertionError("injected by the test: an Error the loop cannot go on after");
        });

        await().atMost(PATIENCE).until(() -> given().get("/health/live").statusCode() == 503);
        JsonPath live = health("/health/live", 503);
        assertThat(live.getString("status")).isEqualTo("DOWN");
        assertThat(live.getString("checks.find { it.name == 'scheduler loop' }.status")).isEqualTo("DOWN");
        assertThat(live.getString("checks.find { it.name == 'scheduler loop' }.reason"))
                .contains("injected by the test");
        assertThat(health("/health", 503).getString("status")).as("before, /health answered UP regardless")
                .isEqualTo("DOWN");
        assertThat(health("/health/ready", 200).getString("status")).isEqualTo("UP");
    }
}
