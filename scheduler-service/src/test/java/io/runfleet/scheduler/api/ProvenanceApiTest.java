package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.runfleet.scheduler.dispatch.SchedulerHarness;
import io.runfleet.wire.RunOutcome;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The submitted document and where it came from, as GET /studies/{id} and /document show them; runs' reasons. */
@QuarkusTest
class ProvenanceApiTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    /** Comments and key order are part of the document: it is kept verbatim. */
    private static final String YAML = """
            # heat study, grid over x
            name: provenance
            template: {command: [echo, "{{ x }}"]}   # no shell
            parameters: {grid: {x: [1]}}
            """;

    @Inject
    SchedulerHarness harness;

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theDocumentIsKeptVerbatimWithItsTypeAndHash() throws Exception {
        String id = given().contentType("application/x-yaml").body(YAML.getBytes(StandardCharsets.UTF_8))
                .when().post("/studies").then().statusCode(201).extract().path("id");

        assertThat(StudyRuns.summary(id).getString("documentSha256")).isEqualTo(sha256(YAML));
        Response document = given().when().get("/studies/" + id + "/document");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.contentType()).startsWith("application/x-yaml");
        assertThat(document.asByteArray()).isEqualTo(YAML.getBytes(StandardCharsets.UTF_8));
        assertThat(document.header("Runfleet-Document-Sha256")).isEqualTo(sha256(YAML));

        String json = "{\"name\": \"j\", \"template\": {\"builtin\": \"noop\"}}";
        String jsonId = given().contentType("application/json").body(json).when().post("/studies")
                .then().statusCode(201).extract().path("id");
        Response jsonDocument = given().when().get("/studies/" + jsonId + "/document");
        assertThat(jsonDocument.contentType()).startsWith("application/json");
        assertThat(jsonDocument.asString()).isEqualTo(json);
        given().when().get("/studies/000000000000/document").then().statusCode(404);
    }

    @Test
    void provenanceHeadersAreStoredAndShown() {
        String id = given().contentType("application/yaml").body(YAML.getBytes(StandardCharsets.UTF_8))
                .header(ProvenanceHeaders.COMMIT, COMMIT.toUpperCase())
                .header(ProvenanceHeaders.DIRTY, "true")
                .header(ProvenanceHeaders.DIRECTORY, "/home/j%C3%B6rg/100%25 sure")
                .header(ProvenanceHeaders.USER, "j%C3%B6rg")
                .when().post("/studies").then().statusCode(201).extract().path("id");

        JsonPath summary = StudyRuns.summary(id);
        assertThat(summary.getString("provenance.commit")).isEqualTo(COMMIT);
        assertThat(summary.getBoolean("provenance.dirty")).isTrue();
        assertThat(summary.getString("provenance.directory")).isEqualTo("/home/jörg/100% sure");
        assertThat(summary.getString("provenance.user")).isEqualTo("jörg");
        List<Map<String, Object>> listed = given().when().get("/studies").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.id == '" + id + "' }.provenance");
        assertThat(listed).singleElement().satisfies(p -> assertThat(p).containsEntry("commit", COMMIT));

        String without = given().contentType("application/yaml").body(YAML.getBytes(StandardCharsets.UTF_8)).when().post("/studies")
                .then().statusCode(201).extract().path("id");
        assertThat(StudyRuns.summary(without).getMap("$")).containsEntry("provenance", null);
    }

    @Test
    void malformedProvenanceIsRefusedNamingTheHeader() {
        assertRefused(ProvenanceHeaders.COMMIT, "not-a-commit", "Runfleet-Source-Commit: 'not-a-commit' is not a git");
        assertRefused(ProvenanceHeaders.DIRTY, "maybe", "Runfleet-Source-Dirty: 'maybe' is not true or false");
        assertRefused(ProvenanceHeaders.DIRECTORY, "/tmp/50%", "Runfleet-Client-Directory: '%' must start a %XX");
        assertRefused(ProvenanceHeaders.USER, "%FF%FE", "Runfleet-Client-User: its %XX escapes are not UTF-8");
        assertRefused(ProvenanceHeaders.USER, "x".repeat(201), "more than 200");
    }

    private static void assertRefused(String header, String value, String message) {
        long before = given().when().get("/studies").then().extract().jsonPath().getList("$").size();
        String error = given().contentType("application/yaml").body(YAML.getBytes(StandardCharsets.UTF_8)).header(header, value)
                .when().post("/studies").then().statusCode(400).extract().jsonPath().getString("error");
        assertThat(error).contains(message);
        assertThat(given().when().get("/studies").then().extract().jsonPath().getList("$")).hasSize((int) before);
    }

    @Test
    void failedRunsAreListedWithTheirReason() throws Exception {
        String id = harness.submit("""
                name: failing
                parameters: {grid: {x: [1, 2]}}
                template: {command: [echo, "{{ x }}"]}
                """);
        StudyRuns studyRuns = new StudyRuns(harness);
        var sent = studyRuns.awaitRequests(id, 0, 1);
        studyRuns.complete(List.of(sent.get(0)), RunOutcome.SUCCEEDED);
        studyRuns.complete(List.of(sent.get(1)), RunOutcome.FAILED);
        studyRuns.awaitStudy(id, "COMPLETED");

        List<Map<String, Object>> failed = given().queryParam("state", "failed").when().get("/studies/" + id + "/runs")
                .then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(failed).singleElement().satisfies(run -> assertThat(run)
                .containsEntry("seq", 1).containsEntry("state", "FAILED").containsEntry("error", "exit code 3")
                .containsEntry("exitCode", 3).containsEntry("attempt", 1).containsEntry("agentId", "agent-1")
                .containsEntry("repetition", 0));
    }
}
