package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The output kinds that name a file kept by reference ({@code {file: PATH, name: NAME}}) or a plugin
 * ({@code {plugin: NAME, file: FILE, options: {...}}}): checked here, turned into {@link OutputSpec}s of type
 * {@link OutputSpec#FILE} and {@link OutputSpec#PLUGIN}. A plugin output carries its name in its options under
 * {@value #PLUGIN_KEY}, next to the study's own options.
 */
final class ReferenceOutputs {

    /** The option of a plugin output's spec that names the plugin. */
    static final String PLUGIN_KEY = "plugin";

    private final Problems problems;

    ReferenceOutputs(Problems problems) {
        this.problems = problems;
    }

    /** Whether the output is one of these kinds: a plugin, or a file of no other kind. */
    static boolean applies(OutputDocument output) {
        return output != null && (output.plugin() != null || (output.file() != null && output.json() == null
                && output.regex() == null && output.keyvalue() == null && output.table() == null
                && output.hdf5() == null));
    }

    OutputSpec validate(String field, OutputDocument output) {
        if (output.plugin() != null) {
            return plugin(field, output);
        }
        if (output.options() != null) {
            problems.add(field + ".options", "only a plugin output takes options; remove them, or name the plugin");
        }
        checkPath(field + ".file", output.file());
        String name = output.name() == null ? output.file() : output.name();
        if (output.name() != null && output.name().isBlank()) {
            problems.add(field + ".name", "empty; name the output, as in field, or leave name out for the file's path");
        }
        Map<String, ValueRule> rules = Boolean.FALSE.equals(output.required())
                ? Map.of(name, new ValueRule(null, null, null, false)) : Map.of();
        return new OutputSpec(OutputSpec.FILE, output.file(), null, name, null, rules);
    }

    private OutputSpec plugin(String field, OutputDocument output) {
        if (output.plugin().isBlank()) {
            problems.add(field + ".plugin", "empty; give the name of a plugin on the agents' plugin path");
        }
        if (output.name() != null) {
            problems.add(field + ".name", "a plugin output names its outputs itself; pass a name in options if the "
                    + "plugin takes one");
        }
        if (output.required() != null) {
            problems.add(field + ".required", "applies to file outputs only");
        }
        if (output.file() != null) {
            checkPath(field + ".file", output.file());
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (output.options() != null) {
            options.putAll(output.options());
            if (options.containsKey(PLUGIN_KEY)) {
                problems.add(field + ".options." + PLUGIN_KEY, "is the plugin's name; give it as " + field
                        + ".plugin only");
            }
        }
        options.put(PLUGIN_KEY, output.plugin());
        return new OutputSpec(OutputSpec.PLUGIN, output.file(), null, null, options, null);
    }

    private void checkPath(String field, String path) {
        if (path == null || path.isBlank()) {
            problems.add(field, "empty; give a path inside the run directory, as in out/field.bin");
        } else {
            RelativePaths.check(problems, field, path);
        }
    }
}
