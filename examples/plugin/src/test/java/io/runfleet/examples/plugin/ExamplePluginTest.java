package io.runfleet.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.plugin.OutputPlugin;
import io.runfleet.plugin.PluginException;
import io.runfleet.plugin.Simulation;
import io.runfleet.plugin.StepContext;
import io.runfleet.plugin.StepPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplePluginTest {

    @TempDir
    Path runDir;

    @Test
    void registersEachPluginForTheServiceLoader() {
        assertThat(ServiceLoader.load(OutputPlugin.class).stream().map(p -> p.get().name()))
                .containsExactly("last-number");
        assertThat(ServiceLoader.load(StepPlugin.class).stream().map(p -> p.get().name())).containsExactly("mesh");
        assertThat(ServiceLoader.load(Simulation.class).stream().map(p -> p.get().name()))
                .containsExactly("rosenbrock");
    }

    @Test
    void meshStepWritesTheNumberOfPointsAParameterNames() throws Exception {
        new MeshStep().run(context(Map.of("n", 5), Map.of("points", "n"), () -> false));

        List<String> lines = Files.readAllLines(runDir.resolve("mesh.txt"));
        assertThat(lines).containsExactly("0 0.000000", "1 0.250000", "2 0.500000", "3 0.750000", "4 1.000000");
    }

    @Test
    void meshStepStopsWhenCancelled() {
        assertThatThrownBy(() -> new MeshStep().run(context(Map.of(), Map.of("points", 5000), () -> true)))
                .isInstanceOf(PluginException.class).hasMessageContaining("cancelled after 0 of 5000");
    }

    @Test
    void lastNumberReadsTheLastNumberOnLinesWithTheGivenText() throws Exception {
        Files.writeString(runDir.resolve("solver.log"), "iteration 1 residual 0.5\nenergy: -1.25e2 J\n"
                + "iteration 2 residual 0.01\ndone in 3 s\n");

        assertThat(new LastNumberOutput().parse(runDir, Map.of("file", "solver.log", "name", "residual",
                "after", "residual"))).isEqualTo(Map.of("residual", 0.01));
        assertThat(new LastNumberOutput().parse(runDir, Map.of("file", "solver.log", "after", "energy")))
                .isEqualTo(Map.of("value", -125.0));
    }

    @Test
    void lastNumberNamesAMissingFile() {
        assertThatThrownBy(() -> new LastNumberOutput().parse(runDir, Map.of("file", "nowhere.log")))
                .isInstanceOf(PluginException.class).hasMessage("nowhere.log is missing (the run did not write it)");
    }

    @Test
    void rosenbrockIsZeroAtItsMinimumAndRefusesAMissingParameter() throws Exception {
        assertThat(new RosenbrockSimulation().simulate(Map.of("x", 1, "y", 1.0), runDir))
                .isEqualTo(Map.of("f", 0.0, "converged", true));
        assertThat(new RosenbrockSimulation().simulate(Map.of("x", 0, "y", 1), runDir)).containsEntry("f", 101.0);
        assertThatThrownBy(() -> new RosenbrockSimulation().simulate(Map.of("x", 1), runDir))
                .hasMessageContaining("parameter y is missing");
    }

    private StepContext context(Map<String, Object> params, Map<String, Object> options,
                                java.util.function.BooleanSupplier cancelled) {
        return new StepContext() {
            @Override
            public Path runDir() {
                return runDir;
            }

            @Override
            public Map<String, Object> params() {
                return params;
            }

            @Override
            public Map<String, Object> options() {
                return options;
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public boolean cancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }
}
