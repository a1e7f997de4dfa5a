package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.WorkerSpec;
import io.runfleet.wire.template.BuiltinNames;
import io.runfleet.wire.template.Template;
import io.runfleet.wire.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks a study's run template (and that every placeholder names something) and builds its {@link RunSpec}. */
final class TemplateValidator {

    static final Pattern BUILTIN = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    private final Set<String> placeholderNames;
    private final ValueKinds kinds;
    private final int maxTemplateBytes;
    private final boolean readDirectories;
    /** Where the template sits in the document: {@code template}, or {@code stages[0].template}. */
    private final String section;

    /**
     * @param parameterNames the study's parameters and constants; built-in names are added
     */
    TemplateValidator(Problems problems, Set<String> parameterNames, ValueKinds kinds, int maxTemplateBytes,
                      boolean readDirectories) {
        this(problems, parameterNames, kinds, maxTemplateBytes, readDirectories, "template");
    }

    /**
     * @param parameterNames every name the template's placeholders may use besides the built-in ones
     * @param kinds          the kinds of value those names take, to check each placeholder's format against
     */
    TemplateValidator(Problems problems, Set<String> parameterNames, ValueKinds kinds, int maxTemplateBytes,
                      boolean readDirectories, String section) {
        this.section = section;
        this.kinds = kinds;
        this.readDirectories = readDirectories;
        this.problems = problems;
        this.placeholderNames = new TreeSet<>(parameterNames);
        this.placeholderNames.addAll(BuiltinNames.ALL);
        this.maxTemplateBytes = maxTemplateBytes;
    }

    RunSpec validate(TemplateDocument template, List<OutputSpec> outputs) {
        if (template == null) {
            problems.add(section, "missing; give at least template.command (an argument list) or template.builtin");
            return null;
        }
        List<String> command = template.command() == null ? List.of() : template.command();
        boolean hasCommand = !command.isEmpty();
        boolean hasBuiltin = template.builtin() != null;
        boolean hasSteps = template.steps() != null;
        boolean hasPlugin = PluginTemplate.applies(template);
        WorkerSpec worker = new WorkerValidator(problems, section).validate(template);
        if (hasSteps && (hasCommand || hasBuiltin || hasPlugin)) {
            problems.add(section + ".steps", "give either " + section + ".steps or " + section
                    + ".command/builtin/plugin/simulation, not both; template.command is the short form of one step "
                    + "named simulate");
        } else if (!hasCommand && !hasBuiltin && !hasSteps && !hasPlugin && template.worker() == null) {
            problems.add(section + ".command", "no command and no builtin; give template.command as an argument "
                    + "list such as [sh, run.sh, \"{{ x }}\"], template.steps, template.worker, template.builtin: "
                    + "noop, or a plugin (template.plugin or template.simulation)");
        } else if (hasCommand && hasBuiltin) {
            problems.add(section + ".builtin", "give either template.command or template.builtin, not both");
        }
        if (hasBuiltin && !BUILTIN.matcher(template.builtin()).matches()) {
            problems.add(section + ".builtin", "'" + template.builtin()
                    + "' is not a builtin name; builtins are lower-case words such as noop");
        }
        boolean shell = Boolean.TRUE.equals(template.shell());
        if (shell && !hasCommand) {
            problems.add(section + ".shell", "shell: true needs template.command to run with sh -c"
                    + (hasSteps ? "; with steps, give shell: true on the step" : ""));
        }
        for (int i = 0; i < command.size(); i++) {
            checkPlaceholders(section + ".command[" + i + "]", command.get(i), shell);
        }
        Map<String, String> variables = environment(section + ".environment", template.environment());
        Map<String, String> files = files(template);
        files.forEach((path, content) -> {
            checkRelativePath(section + ".files." + path, path);
            checkPlaceholders(section + ".files." + path, content, false);
        });
        long timeoutMillis = timeoutMillis(section + ".timeout", template.timeout());
        StepValidator steps = new StepValidator(this, problems, section);
        List<StepSpec> stepSpecs = steps.steps(template.steps());
        StepValidator.Keep keep = steps.keep(template.keep());
        String scratch = steps.scratch(template.scratch());
        // A null argument or environment value is a problem reported above; the spec leaves it out, since a RunSpec
        // refuses nulls and the study is refused anyway once every problem is collected.
        List<String> arguments = command.stream().filter(Objects::nonNull).toList();
        RunSpec spec = new RunSpec(arguments, shell, template.builtin(), variables, files, timeoutMillis, outputs,
                keep.mode(), stepSpecs, keep.patterns(), scratch, worker);
        return hasPlugin && !hasSteps ? PluginTemplate.withStep(spec, template, problems, section)
                : PluginTemplate.checkOptions(spec, template, problems, section);
    }

    /** Checks the variables' names and values; answers those with a value. */
    Map<String, String> environment(String field, Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment == null) {
            return variables;
        }
        environment.forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                problems.add(field + "." + name, "'" + name + "' is not an environment variable name; "
                        + "use letters, digits and _");
            }
            checkPlaceholders(field + "." + name, value, false);
            if (value != null) {
                variables.put(name, value);
            }
        });
        return variables;
    }

    private Map<String, String> files(TemplateDocument template) {
        Map<String, String> files = new LinkedHashMap<>();
        if (template.directory() != null && !readDirectories) {
            problems.add(section + ".directory", "this scheduler does not read directories from its own file system; "
                    + "send the files inline as template.files (the runfleet CLI inlines a template directory for you) "
                    + "or start the scheduler with runfleet.scheduler.read-template-directories=true");
        } else if (template.directory() != null) {
            try {
                files.putAll(TemplateDirectory.read(template.directory(), maxTemplateBytes));
            } catch (IllegalArgumentException e) {
                problems.add(section + ".directory", e.getMessage());
            }
        }
        if (template.files() != null) {
            template.files().forEach((path, content) -> {
                if (content == null) {
                    problems.add(section + ".files." + path,
                            "no content; give the file's text (\"\" for an empty file)");
                } else {
                    files.put(path, content);
                }
            });
        }
        long bytes = files.values().stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
        if (bytes > maxTemplateBytes) {
            problems.add(section + ".files", "the files hold " + bytes + " bytes, more than the limit of "
                    + maxTemplateBytes + "; keep large inputs on a shared file system and name them in the command");
        }
        return files;
    }

    long timeoutMillis(String field, String timeout) {
        if (timeout == null) {
            return 0;
        }
        try {
            Duration duration = DurationText.parse(timeout);
            if (duration.isZero()) {
                problems.add(field, "'" + timeout + "' is zero; give a positive duration such as 60s, "
                        + "or leave timeout out for none");
            }
            return duration.toMillis();
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
            return 0;
        }
    }

    private void checkRelativePath(String field, String path) {
        RelativePaths.check(problems, field, path);
    }

    /** @param rawAllowed whether the text is shell text, the one place where {@code | raw} means something */
    void checkPlaceholders(String field, String text, boolean rawAllowed) {
        if (text == null) {
            problems.add(field, "no value; give a string");
            return;
        }
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateException e) {
            problems.add(field, e.getMessage());
            return;
        }
        if (template.hasRawPlaceholders() && !rawAllowed) {
            problems.add(field, "'| raw' substitutes shell text and only has a meaning in " + section
                    + ".command (or a step's command) with shell: true; here a value is never interpreted, so drop '| raw'");
        }
        for (String name : template.names()) {
            if (!placeholderNames.contains(name)) {
                problems.add(field, "placeholder {{ " + name + " }} names no parameter; known names: "
                        + String.join(", ", placeholderNames));
            }
        }
        checkFormats(field, template);
    }

    /**
     * Renders the text once per kind of value of each name it holds (the other names empty), so that a format that
     * does not fit some runs' values refuses the study now, naming the values, rather than failing those runs on an
     * agent later (or showing only in a dry run of run 0).
     */
    private void checkFormats(String field, Template template) {
        for (String name : template.names()) {
            for (ValueKinds.Values values : kinds.of(name)) {
                Map<String, Object> one = new HashMap<>();
                template.names().forEach(other -> one.put(other, null));
                one.put(name, values.first());
                try {
                    template.render(one);
                } catch (TemplateException e) {
                    problems.add(field, e.getMessage() + ". " + name + " has " + values.describe()
                            + "; every run with one of them would fail");
                }
            }
        }
    }
}
