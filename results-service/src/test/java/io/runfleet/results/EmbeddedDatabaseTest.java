package io.runfleet.results;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.results.TrackedMessage.Settlement;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunResult;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same ingest, outbox and table on H2, the embedded variant's database. */
@QuarkusTest
@TestProfile(EmbeddedDatabaseProfile.class)
class EmbeddedDatabaseTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    Database database;

    @Test
    void storesDeduplicatesRelaysAndServesTheTableOnH2() {
        String study = "h2-study";
        List<TrackedMessage> messages = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            messages.add(deliver(TestResults.succeeded(study, "h2-run-" + i, i, 1, Map.of("i", i), Map.of("y", 2 * i))));
        }
        messages.add(deliver(TestResults.failed(study, "h2-run-0", 0, 1, Map.of("i", 0), 1, "duplicate")));
        messages.add(deliver(TestResults.failed(study, "h2-run-1", 1, 2, Map.of("i", 1), 1, "second attempt")));

        await().atMost(Duration.ofSeconds(60)).until(() -> messages.stream().allMatch(TrackedMessage::isSettled));
        assertThat(messages).extracting(TrackedMessage::settlement).containsOnly(Settlement.ACKED);
        assertThat(database.attempts(study)).isEqualTo(301);
        assertThat(database.events(study)).isEqualTo(301);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(database.count(
                "SELECT COUNT(*) FROM results.outbox WHERE relayed_at IS NULL")).isZero());

        JsonPath rows = given().when().get("/studies/{id}/results", study).then().statusCode(200).extract().jsonPath();
        assertThat(rows.getList("$")).hasSize(300);
        assertThat(rows.getString("[0]._state")).isEqualTo("SUCCEEDED");
        assertThat(rows.getString("[1]._state")).isEqualTo("FAILED");
        assertThat(rows.getString("[1]._error")).isEqualTo("second attempt");
        assertThat(rows.getInt("[299].y")).isEqualTo(598);
    }

    private TrackedMessage deliver(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        return tracked;
    }
}
