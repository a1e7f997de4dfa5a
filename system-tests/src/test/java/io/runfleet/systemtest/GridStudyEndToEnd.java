package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 3 x 4 grid through three services and two agents, each a process of its own, on PostgreSQL. The
 * assertions are the same for every transport; a subclass per transport registers the system.
 */
abstract class GridStudyEndToEnd {

    private static final String GRID_STUDY = """
            name: it-grid
            parameters:
              grid: {a: [1, 2, 3], b: [10, 20, 30, 40]}
            template:
              files: {input.env: "A={{ a }}\\nB={{ b }}\\n"}
              command: [sh, -c, '. ./input.env; printf "{\\"sum\\": %s, \\"product\\": %s}\\n" $((A+B)) $((A*B)) > result.json']
              timeout: 30s
            outputs:
              - {json: result.json}
            policy: {maxParallel: 4, retries: 0, crashLimit: 3}
            """;

    /** The subclass's {@code @RegisterExtension} system: two agents with two slots each. */
    abstract SystemUnderTest system();

    /** What the transport itself must show once the study is done; nothing by default. */
    void checkTransportAfter(String studyId) {
    }

    @Test
    void everyPointOfTheGridIsComputedOnceAndExported() {
        JsonNode created = system().scheduler().submitYaml(GRID_STUDY).expect(201);
        assertThat(created.path("runs").asInt()).as("runs of %s", created).isEqualTo(12);
        String studyId = created.get("id").asText();

        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("total").asInt()).isEqualTo(12);
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(12);

        List<JsonNode> rows = system().results().rows(studyId);
        assertThat(rows).hasSize(12);
        for (JsonNode row : rows) {
            long a = row.path("a").asLong();
            long b = row.path("b").asLong();
            assertThat(row.path("sum").asLong()).as("sum in %s", row).isEqualTo(a + b);
            assertThat(row.path("product").asLong()).as("product in %s", row).isEqualTo(a * b);
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("_attempt").asInt()).as("_attempt in %s", row).isEqualTo(1);
            assertThat(row.path("_study_id").asText()).isEqualTo(studyId);
            assertThat(row.path("_exit_code").asInt(-1)).as("_exit_code in %s", row).isZero();
        }
        Set<String> points = rows.stream().map(row -> row.path("a").asLong() + "x" + row.path("b").asLong())
                .collect(Collectors.toSet());
        assertThat(points).as("every grid point exactly once").containsExactlyInAnyOrder(
                "1x10", "1x20", "1x30", "1x40", "2x10", "2x20", "2x30", "2x40", "3x10", "3x20", "3x30", "3x40");
        assertThat(rows.stream().map(row -> row.path("_param_hash").asText()).collect(Collectors.toSet()))
                .as("distinct parameter hashes").hasSize(12).doesNotContain("");
        assertThat(rows.stream().map(row -> row.path("_run_id").asText()).collect(Collectors.toSet()))
                .as("distinct run ids").hasSize(12).doesNotContain("");

        List<String> csvLines = system().results().csv(studyId).lines().filter(line -> !line.isBlank()).toList();
        assertThat(csvLines).as("CSV header and one line per run").hasSize(13);
        assertThat(Arrays.stream(csvLines.get(0).split(",")).map(cell -> cell.replace("\"", "").trim()))
                .contains("a", "b", "sum", "product", "_study_id", "_run_id", "_param_hash", "_attempt", "_state");
        checkTransportAfter(studyId);
    }
}
