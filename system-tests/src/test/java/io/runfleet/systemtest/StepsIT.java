package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three-step example (examples/steps/study.yaml) through the whole system: {@code pre} writes a mesh file,
 * {@code simulate} reads it and writes out.json and an HDF5 field, {@code post} ({@code when: always}) writes a table;
 * every output kind (json, Python-style regex, keyvalue, hdf5, table, file) reads a file one of the steps wrote. The run whose
 * simulate fails still runs post and ends FAILED naming simulate; every run's step records reach the results table,
 * the files {@code keep} names come back from the scratch directory, and no scratch directory is left.
 */
class StepsIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2);

    private static final Path EXAMPLE = ItPaths.root().resolve("examples/steps/study.yaml");

    @Test
    void threeStepsRunInOrderAndAFailingSimulateStillRunsTheAlwaysStep() throws IOException {
        String id = SYSTEM.scheduler().submitValidYaml(Files.readString(EXAMPLE));
        JsonNode study = SYSTEM.scheduler().awaitState(id, "COMPLETED");
        // the runs' errors say what failed, such as a tool the steps use (h5py, numpy; .ci/run installs them)
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("%s, runs %s", study,
                SYSTEM.scheduler().rest().get("/studies/" + id + "/runs").expect(200)).isEqualTo(3);
        assertThat(study.path("counts").path("FAILED").asInt()).as("%s", study).isEqualTo(1);

        Map<Integer, JsonNode> byN = SYSTEM.results().rows(id).stream()
                .collect(Collectors.toMap(row -> row.path("n").asInt(), Function.identity()));
        assertThat(byN.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4);
        for (int n = 1; n <= 3; n++) {
            JsonNode row = byN.get(n);
            assertThat(row.path("_state").asText()).as("%s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("energy").asInt()).as("energy from out.json in %s", row).isEqualTo(n * n);
            assertThat(row.path("residual").asDouble()).as("regex on simulate's stdout in %s", row)
                    .isCloseTo((n + 0.5) / 1000, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(row.path("nodes").asInt()).as("keyvalue from pre's mesh.txt in %s", row).isEqualTo(n);
            assertThat(row.path("spacing").asDouble()).as("keyvalue in %s", row).isEqualTo(n / 10.0);
            assertThat(JsonLists.elements(row.path("field")).stream().map(JsonNode::asDouble).toList())
                    .as("hdf5 dataset from simulate's field.h5 in %s", row).containsExactly(1.0 * n, 2.0 * n, 3.0 * n);
            assertThat(row.path("post_done").asDouble()).as("table from post's table.txt in %s", row).isEqualTo(1);
            assertThat(row.path("result_file").path("path").asText()).as("file output in %s", row)
                    .isEqualTo("out.json");
            assertThat(row.path("result_file").path("sha256").asText()).hasSize(64);
            assertThat(steps(row, "outcome")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
            Path runDir = Path.of(row.path("_run_dir").asText());
            assertThat(Files.readString(runDir.resolve("table.txt"))).isEqualTo("# n done\n" + n + " 1\n");
            assertThat(Files.readString(runDir.resolve("mesh.txt"))).isEqualTo("nodes = " + n + "\nspacing: 0." + n
                    + "\n");
            assertThat(files(row)).contains("mesh.txt", "out.json", "table.txt", "pre.stdout", "simulate.stderr",
                    "post.stdout", "stdout", "stderr");
        }

        JsonNode failed = byN.get(4);
        assertThat(failed.path("_state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("_error").asText()).isEqualTo("step 'simulate' exited with 3: mesh of 4 nodes is too coarse");
        assertThat(failed.path("_exit_code").asInt()).isEqualTo(3);
        assertThat(steps(failed, "name")).containsExactly("pre", "simulate", "post");
        assertThat(steps(failed, "outcome")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
        assertThat(failed.path("_steps").get(1).path("exitCode").asInt()).isEqualTo(3);
        Path failedDir = Path.of(failed.path("_run_dir").asText());
        assertThat(Files.readString(failedDir.resolve("table.txt"))).as("post ran after the failure")
                .isEqualTo("# n done\n4 0\n");
        assertThat(files(failed)).contains("table.txt", "simulate.stderr").doesNotContain("out.json");

        List<JsonNode> attempts = SYSTEM.results().attempts(id);
        assertThat(attempts).hasSize(4).allSatisfy(attempt ->
                assertThat(attempt.path("steps").size()).as("%s", attempt).isEqualTo(3));

        Path tmp = Path.of(System.getenv().getOrDefault("TMPDIR", System.getProperty("java.io.tmpdir")));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .as("scratch directories of study %s left in %s", id, tmp)
                    .noneMatch(name -> name.startsWith("runfleet-" + id + "-"));
        }
    }

    private static List<String> steps(JsonNode row, String field) {
        return JsonLists.elements(row.path("_steps")).stream().map(step -> step.path(field).asText()).toList();
    }

    private static List<String> files(JsonNode row) {
        return JsonLists.elements(row.path("_files")).stream().map(file -> file.path("path").asText()).toList();
    }
}
