package io.runfleet.agent.execution;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.template.Template;
import io.runfleet.wire.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's rendered program arguments and extra environment. Each argument is rendered on its own and
 * handed to the program as one argument, so parameter values are never split or interpreted; only a
 * study that sets {@code shell} gets {@code sh -c}.
 */
record CommandLine(List<String> arguments, Map<String, String> environment) {

    static CommandLine render(RunSpec spec, Map<String, Object> values) throws RunSetupException {
        if (spec.command().isEmpty()) {
            throw new RunSetupException("spec.command is empty; give the program and its arguments as a "
                    + "list, or set spec.builtin");
        }
        List<String> arguments = new ArrayList<>(spec.command().size());
        for (int i = 0; i < spec.command().size(); i++) {
            arguments.add(renderOne("spec.command[" + i + "]", spec.command().get(i), values));
        }
        if (spec.shell()) {
            arguments = List.of("sh", "-c", String.join(" ", arguments));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : spec.environment().entrySet()) {
            environment.put(variable.getKey(),
                    renderOne("spec.environment." + variable.getKey(), variable.getValue(), values));
        }
        return new CommandLine(List.copyOf(arguments), environment);
    }

    String program() {
        return arguments.get(0);
    }

    private static String renderOne(String field, String text, Map<String, Object> values)
            throws RunSetupException {
        try {
            return Template.parse(text == null ? "" : text).render(values);
        } catch (TemplateException e) {
            throw new RunSetupException(field + ": " + e.getMessage());
        }
    }
}
