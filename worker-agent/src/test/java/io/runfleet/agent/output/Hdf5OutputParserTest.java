package io.runfleet.agent.output;

import static io.runfleet.agent.output.OutputFixtures.copy;
import static io.runfleet.agent.output.OutputFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.runfleet.wire.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HDF5 files written by h5py and by the HDF5 command-line tools (h5import). */
class Hdf5OutputParserTest {

    @TempDir
    Path runDir;

    private static OutputSpec hdf5(String file, Map<String, String> datasets) {
        return new OutputSpec(OutputSpec.HDF5, file, null, null, Map.of("datasets", new LinkedHashMap<>(datasets)),
                null);
    }

    @Test
    void h5pyScalarsAreValuesAndArraysAreLists() throws Exception {
        copy("h5py.h5", runDir);

        Map<String, Object> outputs = parse(hdf5("h5py.h5", Map.of("energy", "/energy", "steps", "/steps",
                "label", "/label", "residuals", "/results/residuals", "counts", "results/counts",
                "grid", "/results/grid")), runDir);

        assertThat(outputs).containsEntry("energy", -1.25).containsEntry("steps", 5L)
                .containsEntry("label", "converged")
                .containsEntry("residuals", List.of(1e-2, 1e-4, 1e-6))
                .containsEntry("counts", List.of(3L, 1L, 4L))
                .containsEntry("grid", List.of(List.of(0.0, 1.0, 2.0), List.of(3.0, 4.0, 5.0)));
    }

    @Test
    void h5importDatasets() throws Exception {
        copy("h5import.h5", runDir);

        assertThat(parse(hdf5("h5import.h5", Map.of("profile", "/profile", "iterations", "/stats/iterations")),
                runDir)).containsEntry("profile", List.of(0.5, 0.25, 0.125)).containsEntry("iterations", List.of(42L));
    }

    @Test
    void failuresNameTheOutputTheFileAndWhatTheFileHolds() throws Exception {
        copy("h5py.h5", runDir);
        Files.writeString(runDir.resolve("text.h5"), "not hdf5\n");

        assertThatThrownBy(() -> parse(hdf5("h5py.h5", Map.of("energy", "/results/energy")), runDir))
                .hasMessageStartingWith("output 'energy' from hdf5 h5py.h5: no dataset at /results/energy; its "
                        + "datasets are ")
                .hasMessageContaining("/energy").hasMessageContaining("/results/residuals");
        assertThatThrownBy(() -> parse(hdf5("h5py.h5", Map.of("results", "/results")), runDir))
                .hasMessageStartingWith("output 'results' from hdf5 h5py.h5: /results is a group, not a dataset");
        assertThatThrownBy(() -> parse(hdf5("h5py.h5", Map.of("big", "/results/big")), runDir))
                .hasMessageStartingWith("output 'big' from hdf5 h5py.h5: /results/big holds 10001 elements, more "
                        + "than the 10000 an output may");
        assertThatThrownBy(() -> parse(hdf5("absent.h5", Map.of("e", "/e")), runDir))
                .hasMessage("output absent.h5: missing (the command did not write it)");
        assertThatThrownBy(() -> parse(hdf5("text.h5", Map.of("e", "/e")), runDir))
                .hasMessageStartingWith("output text.h5: not a readable HDF5 file");
    }

    @Test
    void freshFilesFromH5pyAndH5import() throws Exception {
        Optional<String> python = OutputFixtures.python("numpy", "h5py");
        assumeThat(python).as("python3 with numpy and h5py").isPresent();
        OutputFixtures.runPython(python.get(), """
                import numpy as np, h5py
                with h5py.File('fresh.h5', 'w') as f:
                    f.create_dataset('run/loss', data=np.linspace(1.0, 0.0, 11, dtype=np.float32))
                    f['run/best'] = np.float64(0.03125)
                """, runDir);

        Map<String, Object> outputs = parse(hdf5("fresh.h5", Map.of("loss", "/run/loss", "best", "/run/best")),
                runDir);
        assertThat(outputs).containsEntry("best", 0.03125);
        assertThat(outputs.get("loss")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Object.class))
                .hasSize(11).startsWith(1.0, 0.9).endsWith(0.0);
    }

    @Test
    void freshFileFromH5import() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/h5import"))).as("h5import (hdf5-tools)").isTrue();
        Files.writeString(runDir.resolve("t.txt"), "1 2 3 4 5 6\n");
        Files.writeString(runDir.resolve("t.conf"), """
                PATH /field/t
                INPUT-CLASS TEXTIN
                INPUT-SIZE 32
                RANK 2
                DIMENSION-SIZES 2 3
                OUTPUT-CLASS IN
                OUTPUT-SIZE 64
                OUTPUT-ARCHITECTURE STD
                OUTPUT-BYTE-ORDER LE
                """);
        Process h5import = new ProcessBuilder("h5import", "t.txt", "-c", "t.conf", "-o", "t.h5")
                .directory(runDir.toFile()).inheritIO().start();
        assertThat(h5import.waitFor()).isZero();

        assertThat(parse(hdf5("t.h5", Map.of("t", "/field/t")), runDir))
                .containsEntry("t", List.of(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L)));
    }
}
