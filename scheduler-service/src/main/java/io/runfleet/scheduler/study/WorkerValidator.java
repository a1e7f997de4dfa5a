package io.runfleet.scheduler.study;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WorkerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks {@code template.worker} (docs/worker-protocol.md): the command of a persistent worker, as an argument list
 * ({@code [python3, sim.py]}) or as {@code {command: [...], recycleAfter: N}}. A worker replaces the command: it
 * cannot be combined with {@code command}, {@code builtin} or {@code shell}.
 */
final class WorkerValidator {

    private static final Set<String> FIELDS = new TreeSet<>(List.of("command", "recycleAfter"));

    private final Problems problems;
    private final String field;

    /** @param section where the template sits: {@code template} or {@code stages[0].template} */
    WorkerValidator(Problems problems, String section) {
        this.problems = problems;
        this.field = section + ".worker";
    }

    /** The worker the template asks for; null when it asks for none or it is wrong (a problem then says why). */
    WorkerSpec validate(TemplateDocument template) {
        Object worker = template.worker();
        if (worker == null) {
            return null;
        }
        if (template.command() != null && !template.command().isEmpty()) {
            problems.add(field, "give either template.command (a process per run) or template.worker (a persistent "
                    + "worker serving every run), not both");
        }
        if (template.builtin() != null) {
            problems.add(field, "give either template.builtin or template.worker, not both");
        }
        if (PluginTemplate.applies(template)) {
            problems.add(field, "give either a plugin (template.plugin or template.simulation) or template.worker, "
                    + "not both");
        }
        if (template.steps() != null) {
            problems.add(field, "give either template.steps or template.worker, not both; a worker serves the run's "
                    + "one simulate step");
        }
        if (Boolean.TRUE.equals(template.shell())) {
            problems.add(field, "a worker is started without a shell; drop shell: true, or give the shell yourself "
                    + "as in [sh, -c, 'exec python3 sim.py']");
        }
        if (worker instanceof List<?> command) {
            return spec(command, field, 0);
        }
        if (worker instanceof Map<?, ?> form) {
            List<String> unknown = form.keySet().stream().map(String::valueOf).filter(key -> !FIELDS.contains(key))
                    .toList();
            unknown.forEach(key -> problems.add(field + "." + key, "unknown field '" + key + "'; known fields: "
                    + String.join(", ", FIELDS)));
            Object command = form.get("command");
            if (!(command instanceof List<?> arguments)) {
                problems.add(field + ".command", "missing or not a list; give the worker's argument list, as in "
                        + "[python3, sim.py]");
                return null;
            }
            return spec(arguments, field + ".command", recycleAfter(form.get("recycleAfter")));
        }
        problems.add(field, "give the worker's argument list, as in [python3, sim.py], or {command: [python3, sim.py], "
                + "recycleAfter: 1000}");
        return null;
    }

    private WorkerSpec spec(List<?> command, String at, int recycleAfter) {
        if (command.isEmpty()) {
            problems.add(at, "empty; give the worker's program and its arguments, as in [python3, sim.py]");
            return null;
        }
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            Object argument = command.get(i);
            if (!(argument instanceof String || argument instanceof Number || argument instanceof Boolean)) {
                problems.add(at + "[" + i + "]", "not a string; give each argument as text");
                continue;
            }
            String text = String.valueOf(argument);
            if (i == 0 && text.isBlank()) {
                problems.add(at + "[0]", "blank; give the program to start, as in python3");
            }
            if (text.contains("{{")) {
                problems.add(at + "[" + i + "]", "placeholders are not rendered in a worker's command, since one "
                        + "worker serves many runs; each run's parameters come in its request line");
            }
            arguments.add(text);
        }
        return new WorkerSpec(arguments, recycleAfter);
    }

    private int recycleAfter(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer count && count >= 0) {
            return count;
        }
        problems.add(field + ".recycleAfter", "'" + value + "' is not a count; give the runs after which a worker is "
                + "restarted (0 or leave it out for never)");
        return 0;
    }
}
