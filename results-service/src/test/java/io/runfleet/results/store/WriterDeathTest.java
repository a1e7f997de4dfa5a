package io.runfleet.results.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runfleet.results.TestResults;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A results writer that dies of an Error (here: an acknowledgement that fails an assertion) makes the service not
 * live, so that an orchestrator restarts it; readiness, which is about the database, stays UP. Its own application
 * instance (a profile of its own), since the writer does not come back.
 */
@QuarkusTest
@TestProfile(WriterDeathTest.OwnInstance.class)
class WriterDeathTest {

    public static class OwnInstance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("writer-death-test.instance", "own");
        }
    }

    @Inject
    GroupCommitWriter writer;

    @Test
    void aWriterKilledByAnErrorMakesTheServiceNotLiveButStillReady() throws Exception {
        given().when().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));

        String study = "writer-death-" + UUID.randomUUID();
        byte[] unused = study.getBytes(StandardCharsets.UTF_8);
        Supplier<CompletionStage<Void>> brokenAck = () -> {
            throw new AssertionError("broken invariant in an acknowledgement");
        };
        Function<Throwable, CompletionStage<Void>> nack = failure -> CompletableFuture.completedFuture(null);
        Message<byte[]> poisoned = Message.of(unused, brokenAck, nack);
        writer.submit(TestResults.succeeded(study, study + "-run", 1, 1, Map.of(), Map.of()), poisoned);

        await().atMost(Duration.ofSeconds(30)).until(() -> writer.problem().isPresent());
        JsonPath live = given().when().get("/health/live").then().statusCode(503).extract().jsonPath();
        assertThat(live.getString("status")).isEqualTo("DOWN");
        assertThat(live.getList("checks.findAll { it.status == 'DOWN' }.name")).containsExactly("results writer");
        assertThat(live.getString("checks.find { it.name == 'results writer' }.reason"))
                .contains("results-writer thread died", "broken invariant");
        given().when().get("/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/health").then().statusCode(503);
    }
}
