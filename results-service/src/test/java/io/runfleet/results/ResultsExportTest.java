package io.runfleet.results;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.runfleet.results.export.CsvTable;
import io.runfleet.results.export.ParquetTable;
import io.runfleet.wire.Channels;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireMessage;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results table in every format, for a study that mixes whole numbers, decimals, text, booleans,
 * nested and missing outputs, and has a failed run whose reason and stderr hold commas, quotes and
 * line breaks: every format carries the same rows.
 */
@QuarkusTest
class ResultsExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error text and a stderr tail that break naive CSV and line-based formats. */
    static final String ERROR = "exit 3: solver diverged, \"badly\"";
    static final String STDERR = "step 1, ok\nstep 2: \"NaN\" found\r\nabort, \"exit 3\"\n";

    @Inject
    @Any
    InMemoryConnector connector;

    @TempDir
    Path dir;

    String study;

    @BeforeEach
    void storeAMixedStudyWithAFailedRun() {
        study = "export-" + UUID.randomUUID();
        store(succeeded(0, params(1, "fast"), outputs("n", 99, "count", 3, "energy", 2.5, "ratio", 1,
                "label", "a,\"b\"", "converged", true, "profile", List.of(1, 2), "mixed", 7)));
        store(succeeded(1, params(2, "slow"), outputs("count", 4, "energy", 0.125, "ratio", 0.5,
                "label", "line 1\nline 2", "converged", false, "mixed", "seven")));
        store(new RunResult(WireMessage.SCHEMA_VERSION, study, study + "-run-2", 2, 1, params(3, "fast"),
                ParamHash.of(params(3, "fast")), RunOutcome.FAILED, 3, Map.of(), ERROR, STDERR, "agent-2", "node-2",
                TestResults.START, TestResults.START.plusSeconds(2), null, null, null));
        store(succeeded(3, params(4, "slow"), outputs("count", 5, "energy", 3.0, "ratio", 2)));
    }

    @Test
    void jsonLinesHaveOneObjectPerLineEqualToTheJsonRows() throws IOException {
        String lines = given().queryParam("format", "jsonl").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("application/x-ndjson"))
                .header("Content-Disposition", containsString(study + "-results.jsonl"))
                .extract().asString();
        JsonNode array = JSON.readTree(given().when().get("/studies/{id}/results", study).then().statusCode(200)
                .extract().asString());

        assertThat(lines).endsWith("\n");
        List<String> split = List.of(lines.split("\n"));
        assertThat(split).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        for (int row = 0; row < split.size(); row++) {
            assertThat(JSON.readTree(split.get(row))).isEqualTo(array.get(row));
        }
        assertThat(array.get(0).get("profile").isArray()).as("a list output is a JSON array").isTrue();
        assertThat(array.get(0).get("profile").get(1).asInt()).isEqualTo(2);
        JsonNode failed = JSON.readTree(split.get(2));
        assertThat(failed.get("_state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("_error").asText()).isEqualTo(ERROR);
        assertThat(failed.get("_stderr").asText()).isEqualTo(STDERR);
        assertThat(failed.get("_exit_code").asInt()).isEqualTo(3);
    }

    @Test
    void csvCarriesTheFailedRunExactly() {
        List<List<String>> csv = CsvTable.parse(csv());

        List<String> header = csv.get(0);
        assertThat(csv).hasSize(5).allSatisfy(record -> assertThat(record).hasSameSizeAs(header));
        List<String> failed = csv.get(3);
        assertThat(failed.get(header.indexOf("_run_id"))).isEqualTo(study + "-run-2");
        assertThat(failed.get(header.indexOf("_state"))).isEqualTo("FAILED");
        assertThat(failed.get(header.indexOf("_error"))).isEqualTo(ERROR);
        assertThat(failed.get(header.indexOf("_stderr"))).isEqualTo(STDERR);
        assertThat(failed.get(header.indexOf("count"))).isEmpty();
        assertThat(csv.get(4).get(header.indexOf("_state"))).as("the row after it is intact").isEqualTo("SUCCEEDED");
    }

    @Test
    void parquetReadBackEqualsTheCsvRows() throws IOException {
        List<List<String>> csv = CsvTable.parse(csv());
        ParquetTable parquet = ParquetTable.read(parquet());

        List<String> header = csv.get(0);
        assertThat(parquet.columnNames()).containsExactlyElementsOf(header);
        assertThat(parquet.rows()).hasSize(csv.size() - 1);
        for (int row = 0; row < parquet.rows().size(); row++) {
            List<String> expected = new ArrayList<>();
            for (int column = 0; column < header.size(); column++) {
                expected.add(parquet.isList(header.get(column)) ? asParquetListReadsIt(csv.get(row + 1).get(column))
                        : asParquetReadsIt(csv.get(row + 1).get(column), parquet.type(header.get(column))));
            }
            assertThat(parquet.rows().get(row)).as("row %d", row).containsExactlyElementsOf(expected);
        }

        assertThat(header).startsWith("k", "solver", "n", "out_n", "count", "energy", "ratio", "label", "converged",
                "profile", "mixed");
        assertThat(parquet.type("k")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(parquet.type("count")).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(parquet.type("energy")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(parquet.type("ratio")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(parquet.type("converged")).isEqualTo(PrimitiveTypeName.BOOLEAN);
        assertThat(parquet.type("label")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(parquet.type("mixed")).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(parquet.isList("profile")).as("a list output is a LIST column").isTrue();
        assertThat(parquet.type("profile")).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(parquet.rows().get(0).get(header.indexOf("profile"))).isEqualTo("[1.0, 2.0]");
        assertThat(csv.get(1).get(header.indexOf("profile"))).as("JSON text in CSV").isEqualTo("[1,2]");
        assertThat(parquet.type("_exit_code")).isEqualTo(PrimitiveTypeName.INT64);
        List<String> failed = parquet.rows().get(2);
        assertThat(failed.get(header.indexOf("_state"))).isEqualTo("FAILED");
        assertThat(failed.get(header.indexOf("_error"))).isEqualTo(ERROR);
        assertThat(failed.get(header.indexOf("_stderr"))).isEqualTo(STDERR);
        assertThat(failed.get(header.indexOf("count"))).as("a missing output is a Parquet null").isNull();
    }

    @Test
    void theAcceptHeaderChoosesAmongTheFormatsAndUnknownOnesAreRefused() {
        given().accept("application/vnd.apache.parquet").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(equalTo("application/vnd.apache.parquet"))
                .header("Content-Disposition", containsString(".parquet"));
        given().accept("application/x-ndjson").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("application/x-ndjson"));
        given().accept("text/*").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("text/csv"));
        given().accept("*/*").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(containsString("application/json"));
        given().queryParam("format", "xlsx").when().get("/studies/{id}/results", study)
                .then().statusCode(400).body("error", containsString("format=jsonl"))
                .body("error", containsString("format=parquet"));
    }

    @Test
    void aStudyWithoutResultsIsAnEmptyTableInEveryFormat() throws IOException {
        String unknown = "no-results-" + UUID.randomUUID();
        Path file = dir.resolve("empty.parquet");
        Files.write(file, given().queryParam("format", "parquet").when().get("/studies/{id}/results", unknown)
                .then().statusCode(200).extract().asByteArray());

        assertThat(ParquetTable.read(file).rows()).isEmpty();
        assertThat(given().queryParam("format", "jsonl").when().get("/studies/{id}/results", unknown)
                .then().statusCode(200).extract().asString()).isEmpty();
        assertThat(CsvTable.parse(given().queryParam("format", "csv").when().get("/studies/{id}/results", unknown)
                .then().statusCode(200).extract().asString())).hasSize(1);
    }

    /**
     * A CSV cell as the Parquet reader gives it back: the same text, null for an empty cell, and a
     * whole number in a DOUBLE column (one that also holds decimals) with its ".0".
     */
    private static String asParquetReadsIt(String csvCell, PrimitiveTypeName type) {
        if (csvCell.isEmpty()) {
            return null;
        }
        return type == PrimitiveTypeName.DOUBLE && csvCell.matches("-?\\d+") ? csvCell + ".0" : csvCell;
    }

    /** A CSV cell of a list (JSON text) as the Parquet reader gives a LIST of DOUBLE back: [1.0, 2.0]. */
    private static String asParquetListReadsIt(String csvCell) {
        if (csvCell.isEmpty()) {
            return null;
        }
        try {
            List<String> items = new ArrayList<>();
            JSON.readTree(csvCell).forEach(item -> items.add(item.isNumber() ? Double.toString(item.asDouble())
                    : item.asText()));
            return items.toString();
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + csvCell, e);
        }
    }

    private String csv() {
        return given().queryParam("format", "csv").when().get("/studies/{id}/results", study)
                .then().statusCode(200).extract().asString();
    }

    private Path parquet() throws IOException {
        byte[] bytes = given().queryParam("format", "parquet").when().get("/studies/{id}/results", study)
                .then().statusCode(200).contentType(equalTo("application/vnd.apache.parquet"))
                .header("Content-Disposition", containsString(study + "-results.parquet"))
                .extract().asByteArray();
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        return Files.write(dir.resolve("results.parquet"), bytes);
    }

    private RunResult succeeded(long seq, Map<String, Object> params, Map<String, Object> outputs) {
        return TestResults.succeeded(study, study + "-run-" + seq, seq, 1, params, outputs);
    }

    private static Map<String, Object> params(int k, String solver) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("k", k);
        params.put("solver", solver);
        // an output named like a parameter becomes out_<name>
        params.put("n", k * 10);
        return params;
    }

    private static Map<String, Object> outputs(Object... namesAndValues) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            outputs.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return outputs;
    }

    private void store(RunResult result) {
        TrackedMessage tracked = new TrackedMessage(TestResults.bytes(result));
        connector.source(Channels.RUN_RESULTS).send(tracked.message);
        await().atMost(Duration.ofSeconds(30)).until(tracked::isSettled);
        assertThat(tracked.settlement()).isEqualTo(TrackedMessage.Settlement.ACKED);
    }
}
