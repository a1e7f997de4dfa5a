package io.runfleet.scheduler.study;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.util.List;
import java.util.Map;

/**
 * The short form of a run executed by a plugin: {@code template.plugin: NAME} (a step plugin) or
 * {@code template.simulation: NAME} (a simulation in the agent's JVM), with {@code template.options}. It means one
 * {@link StepSpec#SIMULATE} step naming the plugin, as {@code template.command} means one command step.
 */
final class PluginTemplate {

    private PluginTemplate() {
    }

    static boolean applies(TemplateDocument template) {
        return template != null && (template.plugin() != null || template.simulation() != null);
    }

    /** The field that names the plugin: {@code plugin} or {@code simulation}. */
    static String field(TemplateDocument template) {
        return template.plugin() != null ? "plugin" : "simulation";
    }

    static String name(TemplateDocument template) {
        return template.plugin() != null ? template.plugin() : template.simulation();
    }

    /** Checks what else the template gives; {@code spec} as built from the template's other fields. */
    static RunSpec withStep(RunSpec spec, TemplateDocument template, Problems problems, String section) {
        String field = section + "." + field(template);
        if (template.plugin() != null && template.simulation() != null) {
            problems.add(section + ".simulation", "give either template.plugin (a step plugin) or "
                    + "template.simulation, not both");
        }
        if (template.command() != null && !template.command().isEmpty() || template.builtin() != null) {
            problems.add(field, "a plugin runs instead of a command; remove template.command and template.builtin");
        }
        if (name(template).isBlank()) {
            problems.add(field, "empty; give the name of a plugin on the agents' plugin path");
        }
        Map<String, Object> options = template.options() == null ? Map.of() : template.options();
        StepSpec step = new StepSpec(StepSpec.SIMULATE, List.of(), false, null, name(template), options, Map.of(), 0,
                null);
        return new RunSpec(List.of(), false, null, spec.environment(), spec.files(), spec.timeoutMillis(),
                spec.outputs(), spec.keep(), List.of(step), spec.keepPatterns(), spec.scratch(), spec.worker());
    }

    /** A template without a plugin: its spec as is; options there are a mistake worth naming. */
    static RunSpec checkOptions(RunSpec spec, TemplateDocument template, Problems problems, String section) {
        if (template.options() != null) {
            problems.add(section + ".options", "only a plugin or simulation takes options; name one with "
                    + "template.plugin or template.simulation, or remove options");
        }
        return spec;
    }
}
