package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stages through the whole system over ZeroMQ with two agents: a nested stage (one run per result of stage 0 and
 * point of its own) whose runs compute from the outputs of their parents, followed by a sequential one (one run per
 * result of the stage before).
 */
class StagesIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2, 2);

    /** The example users read is the study this test runs. */
    private static final Path TWO_STAGE = ItPaths.root().resolve("examples/stages/study.yaml");


    @Test
    void aNestedStageAndASequentialOneRunFromTheirParentsOutputs() {
        String id = SYSTEM.scheduler().submitValidYaml(readExample());
        JsonNode study = SYSTEM.scheduler().awaitState(id, "COMPLETED");
        assertThat(study.path("total").asInt()).as("%s", study).isEqualTo(15);
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("%s", study).isEqualTo(15);

        List<JsonNode> rows = SYSTEM.results().rows(id);
        Map<String, List<JsonNode>> byStage = rows.stream()
                .collect(Collectors.groupingBy(row -> row.path("_stage").asText()));
        assertThat(byStage.keySet()).containsExactlyInAnyOrder("main", "refine", "report");
        List<JsonNode> main = byStage.get("main");
        List<JsonNode> refine = byStage.get("refine");
        List<JsonNode> report = byStage.get("report");
        assertThat(main).hasSize(3);
        assertThat(refine).hasSize(6);
        assertThat(report).hasSize(6);
        assertThat(rows).allSatisfy(row -> assertThat(row.path("_state").asText()).isEqualTo("SUCCEEDED"));

        Map<String, JsonNode> mainById = byRunId(main);
        for (JsonNode row : main) {
            assertThat(row.path("y").asLong()).as("y in %s", row).isEqualTo(row.path("x").asLong() * 10);
            assertThat(row.path("_parent_run_id").asText(null)).as("parent of %s", row).isNull();
        }
        for (JsonNode row : refine) {
            JsonNode parent = mainById.get(row.path("_parent_run_id").asText());
            assertThat(parent).as("parent of %s", row).isNotNull();
            assertThat(row.path("x")).as("x in %s", row).isEqualTo(parent.path("x"));
            assertThat(row.path("y")).as("y in %s", row).isEqualTo(parent.path("y"));
            assertThat(row.path("w").asLong()).as("w in %s", row)
                    .isEqualTo(row.path("y").asLong() + row.path("z").asLong());
        }
        assertThat(refine.stream().map(row -> row.path("x").asInt() + "/" + row.path("z").asInt()))
                .containsExactlyInAnyOrder("1/1", "1/2", "2/1", "2/2", "3/1", "3/2");
        Map<String, JsonNode> refineById = byRunId(refine);
        for (JsonNode row : report) {
            JsonNode parent = refineById.get(row.path("_parent_run_id").asText());
            assertThat(parent).as("parent of %s", row).isNotNull();
            assertThat(row.path("w")).as("w in %s", row).isEqualTo(parent.path("w"));
        }
        assertThat(report.stream().map(row -> row.path("_parent_run_id").asText()).distinct())
                .as("one report run per refine run").hasSize(6);

        List<JsonNode> onlyRefine = JsonLists.elements(SYSTEM.results().rest()
                .get("/studies/" + id + "/results?format=json&stage=refine").expect(200));
        assertThat(onlyRefine).hasSize(6)
                .allSatisfy(row -> assertThat(row.path("_stage").asText()).isEqualTo("refine"));
        assertThat(byRunId(onlyRefine).keySet()).isEqualTo(refineById.keySet());
    }

    private static Map<String, JsonNode> byRunId(List<JsonNode> rows) {
        return rows.stream().collect(Collectors.toMap(row -> row.path("_run_id").asText(), Function.identity()));
    }

    private static String readExample() {
        try {
            return Files.readString(TWO_STAGE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + TWO_STAGE, e);
        }
    }
}
