package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Growing a study through the whole system over ZeroMQ: a 2 x 2 grid completes; two extensions (the second skipping
 * a point that already succeeded) and a repeat append runs whose rows join the results table without changing the
 * earlier rows; a dry run runs nothing until it is started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrowStudyIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2, 2);

    private static final String TEMPLATE = """
            template:
              files: {input.env: "A={{ a }}\\nB={{ b }}\\n"}
              command: [sh, -c, '. ./input.env; printf "{\\"sum\\": %s}\\n" $((A+B)) > result.json']
              timeout: 60s
            outputs:
              - {json: result.json}
            policy: {maxParallel: 4}
            """;

    private static JsonNode post(String path, String yaml, int status) {
        return SYSTEM.scheduler().rest().post(path, "application/yaml", yaml).expect(status);
    }

    private static Map<String, JsonNode> byRunId(List<JsonNode> rows) {
        return rows.stream().collect(Collectors.toMap(row -> row.path("_run_id").asText(), Function.identity()));
    }

    private static void assertSums(List<JsonNode> rows) {
        for (JsonNode row : rows) {
            assertThat(row.path("sum").asLong()).as("sum in %s", row)
                    .isEqualTo(row.path("a").asLong() + row.path("b").asLong());
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    @Order(1)
    void extendingAndRepeatingAddRowsAndLeaveEarlierRowsAsTheyWere() {
        String id = SYSTEM.scheduler().submitValidYaml("name: it-grow\nparameters:\n  grid: {a: [1, 2], b: [10, 20]}\n"
                + TEMPLATE);
        SYSTEM.scheduler().awaitState(id, "COMPLETED");
        List<JsonNode> original = SYSTEM.results().rows(id);
        assertThat(original).hasSize(4);
        assertSums(original);

        JsonNode extended = post("/studies/" + id + "/extend", "parameters: {grid: {a: [3], b: [10, 20]}}\n", 200);
        assertThat(extended.path("added").asInt()).as("%s", extended).isEqualTo(2);
        assertThat(extended.path("firstSeq").asInt()).as("%s", extended).isEqualTo(4);
        SYSTEM.scheduler().awaitState(id, "COMPLETED");
        List<JsonNode> six = SYSTEM.results().rows(id);
        assertThat(six).hasSize(6);
        assertSums(six);
        Map<String, JsonNode> sixById = byRunId(six);
        for (JsonNode before : original) {
            JsonNode after = sixById.get(before.path("_run_id").asText());
            assertThat(after).as("row of run %s after the extension", before.path("_run_id")).isNotNull();
            for (String column : List.of("a", "b", "sum", "_end", "_seq", "_param_hash", "_attempt")) {
                assertThat(after.path(column)).as("%s of run %s", column, before.path("_run_id"))
                        .isEqualTo(before.path(column));
            }
        }
        assertThat(six.stream().filter(row -> row.path("a").asLong() == 3)).hasSize(2);

        JsonNode skipping = post("/studies/" + id + "/extend?skipDuplicates=true",
                "parameters: {points: [{a: 3, b: 10}, {a: 4, b: 10}]}\n", 200);
        assertThat(skipping.path("added").asInt()).as("%s", skipping).isEqualTo(1);
        assertThat(skipping.path("skipped").asInt()).as("%s", skipping).isEqualTo(1);
        SYSTEM.scheduler().awaitState(id, "COMPLETED");
        List<JsonNode> seven = SYSTEM.results().rows(id);
        assertThat(seven).hasSize(7);
        assertSums(seven);
        assertThat(seven.stream().filter(row -> row.path("a").asLong() == 3 && row.path("b").asLong() == 10))
                .as("the point that had succeeded ran once").hasSize(1);
        assertThat(seven.stream().filter(row -> row.path("a").asLong() == 4)).hasSize(1);

        JsonNode repeated = SYSTEM.scheduler().rest().post("/studies/" + id + "/repeat").expect(200);
        assertThat(repeated.path("added").asInt()).as("%s", repeated).isEqualTo(7);
        SYSTEM.scheduler().awaitState(id, "COMPLETED");
        List<JsonNode> doubled = SYSTEM.results().rows(id);
        assertThat(doubled).hasSize(14);
        assertSums(doubled);
        Map<String, List<JsonNode>> byHash = doubled.stream()
                .collect(Collectors.groupingBy(row -> row.path("_param_hash").asText()));
        assertThat(byHash).hasSize(7);
        byHash.forEach((hash, pair) -> {
            assertThat(pair).as("rows of parameter set %s", hash).hasSize(2);
            assertThat(pair.get(0).path("a")).isEqualTo(pair.get(1).path("a"));
            assertThat(pair.get(0).path("b")).isEqualTo(pair.get(1).path("b"));
            assertThat(pair.get(0).path("_run_id")).isNotEqualTo(pair.get(1).path("_run_id"));
        });
        List<JsonNode> runs = SYSTEM.scheduler().runs(id);
        assertThat(runs).hasSize(14);
        assertThat(runs.stream().filter(run -> run.path("repetition").asInt() == 1)).hasSize(7);
    }

    @Test
    @Order(2)
    void aDryRunRunsNothingUntilItIsStarted() throws InterruptedException {
        JsonNode created = post("/studies?dryRun=true",
                "name: it-dry\nparameters:\n  grid: {a: [5, 6], b: [1]}\n" + TEMPLATE, 201);
        String id = created.path("id").asText();
        assertThat(created.path("state").asText()).isEqualTo("DRY_RUN");
        assertThat(created.path("runs").asInt()).isEqualTo(2);

        JsonNode rendered = SYSTEM.scheduler().rest().get("/studies/" + id + "/runs/0/rendered").expect(200);
        assertThat(rendered.path("command").get(2).asText()).contains(". ./input.env");
        assertThat(rendered.path("files").path("input.env").asText()).isEqualTo("A=5\nB=1\n");

        // a dispatch round comes every 50 ms: three seconds give dozens of chances to dispatch by mistake
        Thread.sleep(3_000);
        assertThat(SYSTEM.scheduler().study(id).path("state").asText()).isEqualTo("DRY_RUN");
        assertThat(SYSTEM.scheduler().runs(id)).extracting(run -> run.path("attempt").asInt()).containsOnly(0);
        assertThat(SYSTEM.results().rows(id)).as("rows of a dry run").isEmpty();
        for (Path workDir : SYSTEM.agentWorkDirs()) {
            assertThat(workDir.resolve(id)).as("an agent's directory for the dry run").doesNotExist();
        }

        JsonNode started = SYSTEM.scheduler().rest().post("/studies/" + id + "/start").expect(200);
        assertThat(started.path("state").asText()).isEqualTo("ACTIVE");
        SYSTEM.scheduler().awaitState(id, "COMPLETED");
        List<JsonNode> rows = SYSTEM.results().rows(id);
        assertThat(rows).hasSize(2);
        assertSums(rows);
        assertThat(SYSTEM.agentWorkDirs().stream().map(dir -> dir.resolve(id)).filter(Files::isDirectory))
                .as("agents' directories for the started study").isNotEmpty();
    }
}
