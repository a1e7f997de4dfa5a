package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /studies/{id} reads the study's columns and counts with plain JDBC, GET /studies through Hibernate: both
 * must say the same of a study, every run state counted (0 when it has no runs).
 */
@QuarkusTest
class StudySummaryApiTest {

    @Test
    void theSummaryOfAStudySaysWhatTheListSaysWithEveryStateCounted() {
        String id = given().contentType("application/json")
                .header(ProvenanceHeaders.COMMIT, "0123456789abcdef0123456789abcdef01234567")
                .header(ProvenanceHeaders.DIRTY, "true")
                .header(ProvenanceHeaders.USER, "summarised")
                .body("{\"name\": \"summarised\", \"parameters\": {\"grid\": {\"a\": [1, 2, 3, 4]}},"
                        + " \"template\": {\"builtin\": \"noop\"}}")
                .when().post("/studies?dryRun=true").then().statusCode(201).extract().path("id");
        String runId = given().when().get("/studies/" + id + "/runs").then().statusCode(200).extract()
                .<String>path("[0].id");
        given().when().post("/studies/" + id + "/runs/" + runId + "/cancel").then().statusCode(200);

        JsonPath summary = given().when().get("/studies/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(summary.getMap("counts", String.class, Integer.class)).isEqualTo(Map.of(
                "PENDING", 3, "DISPATCHED", 0, "RUNNING", 0, "RETRYING", 0, "SUCCEEDED", 0, "FAILED", 0,
                "TIMED_OUT", 0, "CANCELLED", 1));
        assertThat(summary.getString("state")).isEqualTo("DRY_RUN");
        assertThat(summary.getLong("total")).isEqualTo(4);
        assertThat(summary.getBoolean("provenance.dirty")).isTrue();
        assertThat(summary.getString("provenance.user")).isEqualTo("summarised");

        List<Map<String, Object>> listed = given().when().get("/studies?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.id == '" + id + "' }");
        assertThat(listed).containsExactly(summary.getMap(""));
    }

    @Test
    void anUnknownStudyIsNotFound() {
        given().when().get("/studies/000000000000").then().statusCode(404);
    }
}
