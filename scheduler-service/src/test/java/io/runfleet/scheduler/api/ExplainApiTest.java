package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The explain endpoints and {@code GET /allocations} through REST: routing, lookup by id or seq, errors. */
@QuarkusTest
class ExplainApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Inject
    SchedulerHarness harness;

    @Test
    void aRunHeldByMaxParallelAndItsStudySaySoAndTheRunIsFoundByIdOrSeq() {
        String id = harness.submit("""
                name: held-by-limit
                parameters: {grid: {x: [1, 2, 3]}}
                template: {builtin: noop}
                policy: {maxParallel: 1}
                """);
        await().atMost(PATIENCE).until(() -> harness.requests(id).size() == 1);

        JsonPath waiting = given().when().get("/studies/" + id + "/runs/2/explain").then().statusCode(200)
                .extract().jsonPath();
        assertThat(waiting.getString("state")).isEqualTo("PENDING");
        assertThat(waiting.getString("summary")).contains("concurrency limit").contains("maxParallel 1");
        String runId = waiting.getString("runId");
        assertThat(given().when().get("/studies/" + id + "/runs/" + runId + "/explain").then().statusCode(200)
                .extract().jsonPath().getLong("seq")).isEqualTo(2);
        JsonPath dispatched = given().when().get("/studies/" + id + "/runs/0/explain").then().statusCode(200)
                .extract().jsonPath();
        assertThat(dispatched.getString("current.end")).isEqualTo("waiting");

        JsonPath study = given().when().get("/studies/" + id + "/explain").then().statusCode(200).extract()
                .jsonPath();
        assertThat(study.getList("blockers", String.class))
                .contains("2 runs wait for the concurrency limit: maxParallel 1 runs are DISPATCHED or RUNNING");
        assertThat(study.getString("summary")).startsWith("study " + id + " ACTIVE: 0 of 3 runs ended");

        given().when().post("/studies/" + id + "/cancel");
    }

    @Test
    void unknownRunsAndStudiesAre404AndAStudyWithoutSlurmHasNoAllocations() {
        String id = harness.submit("""
                name: no-slurm
                parameters: {grid: {x: [1]}}
                template: {builtin: noop}
                """);

        given().when().get("/studies/" + id + "/runs/nope/explain").then().statusCode(404);
        given().when().get("/studies/nope-nope/explain").then().statusCode(404);
        given().when().get("/allocations?study=" + id).then().statusCode(409);
        given().when().get("/allocations?study=nope-nope").then().statusCode(404);
        given().when().get("/allocations").then().statusCode(200);
    }
}
