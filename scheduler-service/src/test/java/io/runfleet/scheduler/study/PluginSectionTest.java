package io.runfleet.scheduler.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.ValueRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plugins by name ({@code template.plugin}, {@code template.simulation}, {@code outputs[].plugin}) and file outputs. */
class PluginSectionTest {

    private static final String SIMULATION = "name: n\nparameters: {grid: {x: [1, 2], y: [1]}}\n"
            + "template: {simulation: rosenbrock, options: {scale: 2}, timeout: 10s}\n"
            + "outputs: [{plugin: last-number, file: solver.log, options: {name: residual}},"
            + " {file: out/field.bin, name: field, required: false}]\n";

    private static StudyValidator validator() {
        return new StudyValidator(1_000, 1 << 20, false);
    }

    @Test
    void aSimulationIsOneSimulateStepNamingThePluginWithItsOptions() {
        RunSpec spec = validator().validate(StudyReader.read(SIMULATION, true)).spec();

        assertThat(spec.command()).isEmpty();
        assertThat(spec.timeoutMillis()).isEqualTo(10_000);
        assertThat(spec.steps()).containsExactly(new StepSpec(StepSpec.SIMULATE, List.of(), false, null,
                "rosenbrock", Map.of("scale", 2), Map.of(), 0, null));
        assertThat(spec.outputs()).containsExactly(
                new OutputSpec(OutputSpec.PLUGIN, "solver.log", null, null,
                        Map.of("name", "residual", "plugin", "last-number"), null),
                new OutputSpec(OutputSpec.FILE, "out/field.bin", null, "field", null,
                        Map.of("field", new ValueRule(null, null, null, false))));
    }

    @Test
    void anUnknownPluginIsRefusedNamingTheFieldAndTheKnownNamesWhenTheSchedulerKnowsThem() {
        StudyValidator knowing = validator().withPlugins(KnownPlugins.of(Optional.of(List.of("rosenbrock", "mesh"))));

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> knowing.validate(StudyReader.read(SIMULATION, true)));

        assertThat(refused.problems()).extracting(Problem::field).containsExactly("outputs[0].plugin");
        assertThat(refused.problems().get(0).message()).isEqualTo("plugin 'last-number' is not known to this "
                + "scheduler; known plugins: mesh, rosenbrock (runfleet.scheduler.plugins)");
        validator().withPlugins(KnownPlugins.any()).validate(StudyReader.read(SIMULATION, true));
    }

    @Test
    void aPluginTemplateWithACommandAndFilesOutsideTheRunDirectoryAreRefused() {
        String yaml = "name: n\nparameters: {grid: {x: [1]}}\n"
                + "template: {plugin: mesh, command: [echo]}\n"
                + "outputs: [{file: ../etc/passwd}, {plugin: p, name: n, required: false}]\n";

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> validator().validate(StudyReader.read(yaml, true)));

        assertThat(refused.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "template.plugin", "outputs[0].file", "outputs[1].name", "outputs[1].required");
    }

    @Test
    void anUnknownPluginStepIsRefusedNamingTheStep() {
        String yaml = "name: n\nparameters: {grid: {x: [1]}}\n"
                + "template: {steps: [{name: pre, command: [echo]}, {name: mesh, plugin: gmsh}]}\n"
                + "outputs: [{file: mesh.txt, reduce: min}]\n";
        StudyValidator knowing = validator().withPlugins(KnownPlugins.of(Optional.of(List.of("mesh"))));

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> knowing.validate(StudyReader.read(yaml, true)));

        assertThat(refused.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "template.steps[1].plugin", "outputs[0].reduce");
    }

    @Test
    void optionsWithoutAPluginAreRefused() {
        String yaml = "name: n\nparameters: {grid: {x: [1]}}\ntemplate: {command: [echo], options: {a: 1}}\n";

        InvalidStudyException refused = catchThrowableOfType(InvalidStudyException.class,
                () -> validator().validate(StudyReader.read(yaml, true)));

        assertThat(refused.problems()).extracting(Problem::field).containsExactly("template.options");
    }
}
