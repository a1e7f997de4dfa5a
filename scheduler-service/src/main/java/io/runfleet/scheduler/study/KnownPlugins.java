package io.runfleet.scheduler.study;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plugin names agents have ({@code runfleet.scheduler.plugins}), when the scheduler is told them: then a study
 * naming another plugin is refused at submission, naming the field and the known names. Unset, every name is
 * accepted, and an agent without the plugin fails the run naming its plugin path.
 */
public final class KnownPlugins {

    public static final String KEY = "runfleet.scheduler.plugins";

    /** Null: any name. */
    private final Set<String> names;

    private KnownPlugins(Set<String> names) {
        this.names = names;
    }

    public static KnownPlugins any() {
        return new KnownPlugins(null);
    }

    public static KnownPlugins of(Optional<List<String>> configured) {
        return configured.map(list -> new KnownPlugins(new TreeSet<>(list))).orElseGet(KnownPlugins::any);
    }

    /** Adds a problem for every plugin the study names that is not known. */
    void check(StudyDocument document, Problems problems) {
        if (names == null) {
            return;
        }
        check(document.template(), document.outputs(), "", problems);
        if (document.stages() != null) {
            for (int i = 0; i < document.stages().size(); i++) {
                StageDocument stage = document.stages().get(i);
                if (stage != null) {
                    check(stage.template(), stage.outputs(), "stages[" + i + "].", problems);
                }
            }
        }
    }

    private void check(TemplateDocument template, List<OutputDocument> outputs, String prefix, Problems problems) {
        if (PluginTemplate.applies(template)) {
            checkName(prefix + "template." + PluginTemplate.field(template), PluginTemplate.name(template), problems);
        }
        if (template != null && template.steps() != null) {
            for (int i = 0; i < template.steps().size(); i++) {
                StepDocument step = template.steps().get(i);
                if (step != null && step.plugin() != null) {
                    checkName(prefix + "template.steps[" + i + "].plugin", step.plugin(), problems);
                }
            }
        }
        if (outputs != null) {
            for (int i = 0; i < outputs.size(); i++) {
                OutputDocument output = outputs.get(i);
                if (output != null && output.plugin() != null) {
                    checkName(prefix + "outputs[" + i + "].plugin", output.plugin(), problems);
                }
            }
        }
    }

    private void checkName(String field, String name, Problems problems) {
        if (!names.contains(name)) {
            problems.add(field, "plugin '" + name + "' is not known to this scheduler; known plugins: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + " (" + KEY + ")");
        }
    }
}
