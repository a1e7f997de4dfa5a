package io.runfleet.agent.execution;

import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.template.RunRendering;
import io.runfleet.wire.template.TemplateException;
import java.util.List;
import java.util.Map;

/**
 * A run's rendered program arguments and extra environment (wire's {@link RunRendering}, which the scheduler's
 * dry run uses too). Each argument is rendered on its own and handed to the program as one argument, so
 * parameter values are never split or interpreted; only a study that sets {@code shell} gets {@code sh -c}.
 */
record CommandLine(List<String> arguments, Map<String, String> environment) {

    static CommandLine render(RunSpec spec, Map<String, Object> values) throws RunSetupException {
        if (spec.command().isEmpty()) {
            throw new RunSetupException("spec.command is empty; give the program and its arguments as a "
                    + "list, or set spec.builtin");
        }
        try {
            return new CommandLine(RunRendering.arguments(spec, values), RunRendering.environment(spec, values));
        } catch (TemplateException e) {
            throw new RunSetupException(e.getMessage());
        }
    }

    /** The run's own extra environment, rendered; the environment steps start from. */
    static Map<String, String> environment(RunSpec spec, Map<String, Object> values) throws RunSetupException {
        try {
            return RunRendering.environment(spec, values);
        } catch (TemplateException e) {
            throw new RunSetupException(e.getMessage());
        }
    }

    String program() {
        return arguments.get(0);
    }
}
