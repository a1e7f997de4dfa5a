package io.runfleet.scheduler.study;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a template's {@code steps}, {@code keep} and {@code scratch}, and turns them into their spec parts. */
final class StepValidator {

    /** Step names become file names on the agent ({@code <step>.stdout}). */
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern PLUGIN = Pattern.compile("[a-z][a-z0-9-.]*");
    private static final List<String> KEEP_WORDS = List.of(RunSpec.KEEP_ALL, RunSpec.KEEP_NONE, RunSpec.KEEP_FAILED);

    /** {@code keep} as the spec carries it. */
    record Keep(String mode, List<String> patterns) {
    }

    private final TemplateValidator template;
    private final Problems problems;
    private final String section;

    StepValidator(TemplateValidator template, Problems problems, String section) {
        this.template = template;
        this.problems = problems;
        this.section = section;
    }

    List<StepSpec> steps(List<StepDocument> steps) {
        if (steps == null) {
            return List.of();
        }
        if (steps.isEmpty()) {
            problems.add(section + ".steps", "empty; give at least one step, such as {name: simulate, command: [...]}");
        }
        Set<String> names = new HashSet<>();
        return java.util.stream.IntStream.range(0, steps.size())
                .mapToObj(i -> step(section + ".steps[" + i + "]", steps.get(i), names))
                .filter(Objects::nonNull).toList();
    }

    private StepSpec step(String field, StepDocument step, Set<String> names) {
        if (step == null) {
            problems.add(field, "no step; give {name: ..., command: [...]}");
            return null;
        }
        String name = step.name();
        if (name == null || name.isBlank()) {
            problems.add(field + ".name", "missing; every step has a name, such as pre, simulate or post");
        } else if (!STEP_NAME.matcher(name).matches()) {
            problems.add(field + ".name", "'" + name + "' is not a step name; use letters, digits, '_', '.' and '-'");
        } else if (!names.add(name)) {
            problems.add(field + ".name", "'" + name + "' names an earlier step too; step names are unique");
        }
        List<String> command = step.command() == null ? List.of() : step.command();
        int kinds = (command.isEmpty() ? 0 : 1) + (step.builtin() == null ? 0 : 1) + (step.plugin() == null ? 0 : 1);
        if (kinds != 1) {
            problems.add(field, (kinds == 0 ? "nothing to run" : "more than one thing to run")
                    + "; give exactly one of command (an argument list), builtin or plugin");
        }
        if (step.builtin() != null && !TemplateValidator.BUILTIN.matcher(step.builtin()).matches()) {
            problems.add(field + ".builtin", "'" + step.builtin()
                    + "' is not a builtin name; builtins are lower-case words such as noop");
        }
        if (step.plugin() != null && !PLUGIN.matcher(step.plugin()).matches()) {
            problems.add(field + ".plugin", "'" + step.plugin() + "' is not a plugin name; plugin names are "
                    + "lower-case letters, digits, '-' and '.', starting with a letter");
        }
        if (step.options() != null && step.plugin() == null) {
            problems.add(field + ".options", "options belong to a plugin step; give plugin too, or drop options");
        }
        boolean shell = Boolean.TRUE.equals(step.shell());
        if (shell && command.isEmpty()) {
            problems.add(field + ".shell", "shell: true needs a command to run with sh -c");
        }
        for (int i = 0; i < command.size(); i++) {
            template.checkPlaceholders(field + ".command[" + i + "]", command.get(i), shell);
        }
        Map<String, String> environment = template.environment(field + ".environment", step.environment());
        long timeoutMillis = template.timeoutMillis(field + ".timeout", step.timeout());
        String when = step.when() == null ? StepSpec.WHEN_SUCCESS : step.when();
        if (!when.equals(StepSpec.WHEN_SUCCESS) && !when.equals(StepSpec.WHEN_ALWAYS)) {
            problems.add(field + ".when", "'" + when + "' is not allowed; give success (run only while every step "
                    + "before succeeded, the default) or always (run after a failure too)");
        }
        Map<String, Object> options = step.options() == null ? null : new LinkedHashMap<>(step.options());
        return new StepSpec(name, command.stream().filter(Objects::nonNull).toList(), shell, step.builtin(),
                step.plugin(), options, environment, timeoutMillis, when);
    }

    Keep keep(Object keep) {
        String field = section + ".keep";
        if (keep == null) {
            return new Keep(RunSpec.KEEP_ALL, List.of());
        }
        if (keep instanceof String word) {
            if (!KEEP_WORDS.contains(word)) {
                problems.add(field, "'" + word + "' is not allowed; give all, none, failed (only runs that did not "
                        + "succeed keep their files) or a list of glob patterns such as ['*.csv', 'out/**']");
            }
            return new Keep(word, List.of());
        }
        if (!(keep instanceof List<?> list) || list.isEmpty()) {
            problems.add(field, "give all, none, failed or a non-empty list of glob patterns");
            return new Keep(RunSpec.KEEP_ALL, List.of());
        }
        for (int i = 0; i < list.size(); i++) {
            checkPattern(field + "[" + i + "]", list.get(i));
        }
        return new Keep(RunSpec.KEEP_PATTERNS, list.stream().filter(String.class::isInstance)
                .map(String.class::cast).toList());
    }

    private void checkPattern(String field, Object pattern) {
        if (!(pattern instanceof String text) || text.isBlank()) {
            problems.add(field, "give a glob pattern relative to the run directory, such as '*.csv'");
            return;
        }
        if (text.startsWith("/") || Path.of(text.replace('*', 'x').replace('?', 'x')).normalize().startsWith("..")) {
            problems.add(field, "'" + text + "' must match paths inside the run directory: relative, without ..");
            return;
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + text);
        } catch (RuntimeException e) {
            problems.add(field, "'" + text + "' is not a glob pattern: " + e.getMessage());
        }
    }

    String scratch(String scratch) {
        if (scratch != null && !scratch.equals(RunSpec.SCRATCH_TMPDIR) && !scratch.startsWith("/")) {
            problems.add(section + ".scratch", "'" + scratch + "' is not allowed; give tmpdir (the agent's $TMPDIR) "
                    + "or an absolute path on the agent's host, such as /local/scratch");
        }
        return scratch;
    }
}
