package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.FileOutputParser;
import io.runfleet.agent.output.JsonOutputParser;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.output.PluginOutputParser;
import io.runfleet.agent.plugin.PluginPath;
import io.runfleet.agent.plugin.PluginRegistry;
import io.runfleet.agent.plugin.PluginSteps;
import io.runfleet.agent.plugin.TestPlugins;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.ValueRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of the short plugin form, plugin outputs and file outputs, through a real executor and a real jar. */
class PluginRunTest {

    @TempDir
    Path dir;

    private Path jar;
    private RunExecutor executor;

    @BeforeEach
    void createExecutor() throws IOException {
        jar = TestPlugins.standardJar(Files.createDirectories(dir.resolve("plugins")));
        PluginRegistry registry = PluginRegistry.load(PluginPath.of(List.of(jar)));
        OutputParsers parsers = new OutputParsers(List.of(new JsonOutputParser(), new FileOutputParser(),
                new PluginOutputParser(registry)));
        executor = new RunExecutor(dir.resolve("work"), parsers, 20).withPluginSteps(new PluginSteps(registry));
    }

    @Test
    void aSimulationRunsInTheAgentAndItsAnswerBecomesTheOutputs() {
        Execution execution = executor.execute(request(plugin("square", Map.of()), Map.of("x", 3)));

        assertThat(execution.error()).isNull();
        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).isEqualTo(Map.of("y", 9.0));
    }

    @Test
    void aFailingSimulationFailsTheRunNamingTheStepAndPlugin() {
        Execution execution = executor.execute(request(plugin("square", Map.of()), Map.of("x", -1)));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).isEqualTo("step 'simulate': plugin 'square' failed: x is negative");
    }

    @Test
    void aStepPluginWritesAFileAnOutputPluginThenParses() throws IOException {
        OutputSpec length = new OutputSpec(OutputSpec.PLUGIN, "greeting.txt", null, null,
                Map.of("plugin", "length", "unit", "characters"), null);
        Execution execution = executor.execute(request(plugin("greet", Map.of("text", "hello"), length),
                Map.of("x", 2)));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).isEqualTo(Map.of("length", 8, "unit", "characters"));
        assertThat(Files.readString(runDir().resolve("greeting.txt"))).isEqualTo("hello 2\n");
    }

    @Test
    void aPluginStepsEnvironmentIsRenderedWithTheRunsValues() throws IOException {
        RunSpec spec = new RunSpec(List.of(), false, null, Map.of(), Map.of(), 0, List.of(), "all",
                List.of(new StepSpec("greet", List.of(), false, null, "greet", Map.of("text", "hello"),
                        Map.of("GREETING_SIGN", "x={{ x }}"), 0, null)), null, null, null);

        Execution execution = executor.execute(request(spec, Map.of("x", 2)));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(Files.readString(runDir().resolve("greeting.txt"))).isEqualTo("hello 2 x=2\n");
    }

    @Test
    void anUnknownPluginFailsTheRunNamingThePluginPath() {
        Execution step = executor.execute(request(plugin("cube", Map.of()), Map.of("x", 2)));
        OutputSpec unknown = new OutputSpec(OutputSpec.PLUGIN, null, null, null, Map.of("plugin", "volume"), null);
        Execution output = executor.execute(request("run-b", plugin("square", Map.of(), unknown), Map.of("x", 2)));

        assertThat(step.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(step.error()).isEqualTo("step 'simulate': step plugin or simulation 'cube' is not on this agent's "
                + "plugin path (runfleet.agent.plugin-path=" + jar + "; it holds greet, square)");
        assertThat(output.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(output.error()).isEqualTo("output plugin 'volume' is not on this agent's plugin path "
                + "(runfleet.agent.plugin-path=" + jar + "; it holds length)");
    }

    @Test
    void aFileOutputIsAReferenceWithSizeAndSha256() throws IOException {
        RunSpec spec = new RunSpec(List.of("sh", "-c", "mkdir out; printf abc > out/field.bin"), false, null,
                Map.of(), Map.of(), 0, List.of(new OutputSpec(OutputSpec.FILE, "out/field.bin", null, "field", null,
                null)), "all");

        Execution execution = executor.execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).isEqualTo(Map.of("field", Map.of("path", "out/field.bin", "size", 3L,
                "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")));
    }

    @Test
    void aMissingFileOutputFailsNamingTheOutputUnlessItIsOptional() {
        OutputSpec required = new OutputSpec(OutputSpec.FILE, "field.bin", null, "field", null, null);
        OutputSpec optional = new OutputSpec(OutputSpec.FILE, "field.bin", null, "field", null,
                Map.of("field", new ValueRule(null, null, null, false)));

        Execution failed = executor.execute(request(RunRequests.command(List.of("true"), required), Map.of()));
        Execution succeeded = executor.execute(request("run-b", RunRequests.command(List.of("true"), optional),
                Map.of()));

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.error()).isEqualTo("output field: file field.bin is missing (the run did not write it); "
                + "write it, or mark the output required: false");
        assertThat(succeeded.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(succeeded.outputs()).isEmpty();
    }

    private static RunSpec plugin(String name, Map<String, Object> options, OutputSpec... outputs) {
        return new RunSpec(List.of(), false, null, Map.of(), Map.of(), 0, List.of(outputs), "all",
                List.of(new StepSpec(StepSpec.SIMULATE, List.of(), false, null, name, options, Map.of(), 0, null)),
                null, null, null);
    }

    private Path runDir() {
        return dir.resolve("work").resolve("study-1").resolve("7-run-a-a2");
    }
}
