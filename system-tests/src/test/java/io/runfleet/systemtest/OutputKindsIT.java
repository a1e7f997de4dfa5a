package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every parsed output kind through the whole system: each run writes a key = value log, a savetxt-style table and
 * an HDF5 file (h5import) and prints a line a Python-style regex matches; the results hold every value, typed, and
 * lists as lists.
 */
class OutputKindsIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2);

    /** The example users read is the study this test runs. */
    private static final Path STUDY = ItPaths.root().resolve("examples/outputs/study.yaml");

    @Test
    void keyvalueTableHdf5AndPythonRegexOutputsLandInTheResults() {
        assertThat(Path.of("/usr/bin/h5import")).as("h5import (Debian's hdf5-tools; .ci/run installs it)")
                .isExecutable();
        String id = SYSTEM.scheduler().submitValidYaml(readStudy());
        JsonNode study = SYSTEM.scheduler().awaitState(id, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("%s", study).isEqualTo(3);

        List<JsonNode> rows = SYSTEM.results().rows(id);
        assertThat(rows).hasSize(3);
        for (JsonNode row : rows) {
            int x = row.path("x").asInt();
            assertThat(row.path("_state").asText()).as("%s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("energy_out").asDouble()).as("energy_out in %s", row).isEqualTo(-(x + 0.5));
            assertThat(row.path("n_iter").isIntegralNumber()).as("n_iter in %s", row).isTrue();
            assertThat(row.path("n_iter").asLong()).isEqualTo(4L * x);
            assertThat(row.path("mesh_cells").asLong()).as("mesh_cells in %s", row).isEqualTo(100L * x);
            assertThat(row.path("residual").asDouble()).as("residual in %s", row).isEqualTo(Math.pow(10, -(x + 3)),
                    org.assertj.core.data.Offset.offset(1e-18));
            assertThat(row.path("status").asText()).isEqualTo("converged");
            assertThat(row.path("best_loss").asDouble()).as("best_loss in %s", row).isEqualTo(Math.min(x / 10.0,
                    0.25));
            assertThat(JsonLists.elements(row.path("loss")).stream().map(JsonNode::asDouble).toList())
                    .as("loss in %s", row).containsExactly(x / 10.0, 0.25, 0.5);
            assertThat(JsonLists.elements(row.path("profile")).stream().map(JsonNode::asDouble).toList())
                    .as("profile in %s", row).containsExactly((double) x, 0.5, 0.25);
        }
    }

    private static String readStudy() {
        try {
            return Files.readString(STUDY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + STUDY, e);
        }
    }
}
