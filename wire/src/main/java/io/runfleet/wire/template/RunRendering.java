package io.runfleet.wire.template;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * How one run's template becomes what it executes: the placeholder values (parameters plus built-ins), the
 * argument list, the extra environment and the contents of the input files. The agent renders a run with it
 * before executing it, and the scheduler with it when it shows a run before it executes (a dry run), so both
 * always agree.
 */
public final class RunRendering {

    private RunRendering() {
    }

    /** The values a run's placeholders may name: its parameters plus the built-in names. */
    public static Map<String, Object> values(Map<String, Object> params, String studyId, String runId, long seq,
                                             int attempt, String runDir) {
        Map<String, Object> values = new HashMap<>(params);
        values.put(BuiltinNames.RUN_ID, runId);
        values.put(BuiltinNames.RUN_SEQ, seq);
        values.put(BuiltinNames.RUN_ATTEMPT, attempt);
        values.put(BuiltinNames.STUDY_ID, studyId);
        values.put(BuiltinNames.RUN_DIR, runDir);
        return values;
    }

    /**
     * The directory of one attempt below the agent's work directory: {@code <studyId>/<seq>-<runId>-a<attempt>}.
     * Every attempt gets a fresh one, so a retry never sees what an earlier attempt left.
     */
    public static String runDirectoryName(String studyId, long seq, String runId, int attempt) {
        return studyId + "/" + seq + "-" + runId + "-a" + attempt;
    }

    /**
     * The program and its arguments, each argument rendered on its own (a value is never split or interpreted);
     * a study that sets {@code shell} gets {@code sh -c} with the arguments joined by spaces. There the study's own
     * text is shell text, while every substituted value is shell-quoted ({@link ShellQuoting}), so that a parameter
     * (or an upstream stage's output) stays one literal word; only a placeholder marked {@code {{ x | raw }}} is
     * substituted as shell text. Empty for a builtin.
     *
     * @throws TemplateException naming the argument ({@code spec.command[2]: ...}) when it cannot be rendered
     */
    public static List<String> arguments(RunSpec spec, Map<String, ?> values) {
        UnaryOperator<String> quoting = spec.shell() ? ShellQuoting::quote : UnaryOperator.identity();
        List<String> arguments = new ArrayList<>(spec.command().size());
        for (int i = 0; i < spec.command().size(); i++) {
            arguments.add(renderOne("spec.command[" + i + "]", spec.command().get(i), values, quoting));
        }
        if (spec.shell() && !arguments.isEmpty()) {
            return List.of("sh", "-c", String.join(" ", arguments));
        }
        return List.copyOf(arguments);
    }

    /**
     * A step's command and environment as a spec of the short form, so that {@link #arguments} and
     * {@link #environment} render a step exactly as they render a short-form template.
     */
    public static RunSpec stepSpec(StepSpec step) {
        return new RunSpec(step.command(), step.shell(), null, step.environment(), Map.of(), 0, List.of(),
                RunSpec.KEEP_ALL);
    }

    /**
     * The extra environment variables with their values rendered, by name.
     *
     * @throws TemplateException naming the variable ({@code spec.environment.NAME: ...})
     */
    public static Map<String, String> environment(RunSpec spec, Map<String, ?> values) {
        Map<String, String> environment = new TreeMap<>();
        spec.environment().forEach((name, text) -> environment.put(name,
                renderOne("spec.environment." + name, text, values, UnaryOperator.identity())));
        return environment;
    }

    /**
     * One input file's content.
     *
     * @throws TemplateException naming the file ({@code spec.files 'input.txt': ...})
     */
    public static String file(String path, String content, Map<String, ?> values) {
        try {
            return Template.parse(content == null ? "" : content).render(values);
        } catch (TemplateException e) {
            throw new TemplateException("spec.files '" + path + "': " + e.getMessage());
        }
    }

    /** Every input file's content, by relative path (sorted). */
    public static Map<String, String> files(RunSpec spec, Map<String, ?> values) {
        Map<String, String> files = new TreeMap<>();
        spec.files().forEach((path, content) -> files.put(path, file(path, content, values)));
        return files;
    }

    private static String renderOne(String field, String text, Map<String, ?> values,
                                    UnaryOperator<String> quoting) {
        try {
            return Template.parse(text == null ? "" : text).render(values, quoting);
        } catch (TemplateException e) {
            throw new TemplateException(field + ": " + e.getMessage());
        }
    }
}
