package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.command;
import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.ValueRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose command writes a key=value log, a table, an HDF5 file and prints Python-style regex matches. */
class OutputKindsRunTest {

    @TempDir
    Path workDir;
    @TempDir
    Path fixtures;

    private RunExecutor executor;
    private Path hdf5;

    @BeforeEach
    void createExecutor() throws IOException {
        executor = new RunExecutor(workDir, OutputParsers.standard(), 20);
        hdf5 = fixtures.resolve("h5py.h5");
        try (InputStream in = getClass().getResourceAsStream("/outputs/h5py.h5")) {
            Files.copy(in, hdf5);
        }
    }

    private RunSpec spec(String extra, Map<String, ValueRule> tableRules) {
        String script = "printf 'mesh_cells = 1024\\nresidual: 1e-6\\n' > solver.log; "
                + "printf '# step loss\\n1 0.5\\n2 0.25\\n3 0.375\\n' > history.txt; "
                + "cp '" + hdf5 + "' result.h5; "
                + "echo 'final energy_out=-2.5 n_iter=12'; " + extra;
        return command(List.of("sh", "-c", script),
                new OutputSpec(OutputSpec.REGEX, OutputSpec.STDOUT,
                        "energy_out=(?P<energy_out>\\S+) n_iter=(?P<n_iter>\\d+)", null, null,
                        Map.of("n_iter", new ValueRule(ValueRule.INT, 1.0, null, true))),
                new OutputSpec(OutputSpec.KEYVALUE, "solver.log", null, null, Map.of(), null),
                new OutputSpec(OutputSpec.TABLE, "history.txt", null, "best_loss",
                        Map.of("columns", List.of("loss"), "reduce", "min"), tableRules),
                new OutputSpec(OutputSpec.TABLE, "history.txt", null, null, Map.of("columns", List.of("loss")), null),
                new OutputSpec(OutputSpec.HDF5, "result.h5", null, null, Map.of("datasets",
                        new LinkedHashMap<>(Map.of("energy", "/energy", "residuals", "/results/residuals"))), null));
    }

    @Test
    void everyOutputKindOfOneRunBecomesItsOutputs() {
        Execution execution = executor.execute(request(spec("", null), Map.of()));

        assertThat(execution.error()).isNull();
        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs())
                .containsEntry("energy_out", -2.5).containsEntry("n_iter", 12L)
                .containsEntry("mesh_cells", 1024L).containsEntry("residual", 1e-6)
                .containsEntry("best_loss", 0.25).containsEntry("loss", List.of(0.5, 0.25, 0.375))
                .containsEntry("energy", -1.25).containsEntry("residuals", List.of(1e-2, 1e-4, 1e-6));
    }

    @Test
    void anOutputBreakingItsRuleFailsTheRunNamingTheOutputAndFile() {
        Execution execution = executor.execute(request(spec("", Map.of("best_loss",
                new ValueRule(ValueRule.FLOAT, null, 0.1, true))), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("output 'best_loss' from table history.txt: 0.25 is above its max 0.1");
    }

    @Test
    void aTableTheCommandDidNotWriteFailsTheRunNamingTheFile() {
        Execution execution = executor.execute(request(spec("rm history.txt", null), Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("output history.txt: missing (the command did not write it)");
    }
}
