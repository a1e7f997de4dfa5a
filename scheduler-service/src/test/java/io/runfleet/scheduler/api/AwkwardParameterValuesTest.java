package io.runfleet.scheduler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a study's runs are stored through COPY's text format, in which tab, newline, carriage return and
 * backslash mean something: values holding them, and text beyond ASCII, must come back as they were submitted.
 */
@QuarkusTest
class AwkwardParameterValuesTest {

    private static final List<String> VALUES = List.of("tab\there", "line\nbreak", "carriage\rreturn",
            "back\\slash \\N \\t", "quote \" and ' and ✓ ü 雪", "\\", "");

    @Test
    void valuesWithCopysSpecialCharactersComeBackAsSubmitted() {
        String id = given().contentType("application/json")
                .body(Map.of("name", "awkward-values", "parameters", Map.of("grid", Map.of("s", VALUES)),
                        "template", Map.of("builtin", "noop")))
                .when().post("/studies?dryRun=true").then().log().ifValidationFails().statusCode(201).extract().path("id");

        List<String> stored = given().when().get("/studies/" + id + "/runs?limit=100").then().statusCode(200)
                .extract().jsonPath().getList("params.s", String.class);
        assertThat(stored).containsExactlyElementsOf(VALUES);
    }
}
