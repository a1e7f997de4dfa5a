package io.runfleet.agent.execution;

import io.runfleet.agent.output.OutputException;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.plugin.PluginStepException;
import io.runfleet.agent.plugin.PluginSteps;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run of one plugin step and no command ({@code template.plugin} or {@code template.simulation}): renders the
 * template files, runs the plugin in this JVM, then parses the outputs; a simulation's answer comes first, parsed
 * outputs of the same name replace it. The run's timeout is checked when the plugin returns (and offered to it
 * through its cancellation check): a plugin cannot be killed.
 */
final class PluginShortForm {

    private PluginShortForm() {
    }

    /** Whether the spec is this form: no command, no builtin, one step naming a plugin. */
    static boolean applies(RunSpec spec) {
        return spec.command().isEmpty() && spec.builtin() == null && spec.steps().size() == 1
                && spec.steps().get(0).plugin() != null;
    }

    static Execution run(RunRequest request, ActiveRun run, Path runDir, Instant startedAt, PluginSteps steps,
                         OutputParsers parsers, Map<String, String> runEnvironment, BooleanStop stopped)
            throws RunSetupException, java.io.IOException {
        RunSpec spec = request.spec();
        StepSpec step = spec.steps().get(0);
        TemplateFiles.render(spec.files(), RunValues.of(request, runDir), runDir);
        long timeoutMillis = spec.timeoutMillis();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.putAll(runEnvironment);
        environment.putAll(spec.environment());
        Map<String, Object> outputs = new LinkedHashMap<>();
        try {
            outputs.putAll(steps.run(step, request.params(), runDir, environment,
                    () -> run.stop() != null || stopped.stopped() || timeoutMillis > 0 && System.nanoTime() > deadline));
        } catch (PluginStepException e) {
            return Execution.failed(null, e.getMessage(), null, startedAt);
        }
        if (run.stop() != null) {
            return Execution.ended(RunOutcome.CANCELLED, run.stop().error(), startedAt);
        }
        if (timeoutMillis > 0 && System.nanoTime() > deadline) {
            return Execution.ended(RunOutcome.TIMED_OUT, "step " + step.name() + ": timed out after "
                    + Durations.text(timeoutMillis), startedAt);
        }
        try {
            outputs.putAll(parsers.parseAll(spec.outputs(), runDir));
        } catch (OutputException e) {
            return Execution.failed(null, e.getMessage(), null, startedAt);
        }
        return Execution.succeeded(null, outputs, startedAt);
    }

    /** Whether the whole executor stops (the agent drains). */
    @FunctionalInterface
    interface BooleanStop {
        boolean stopped();
    }
}
