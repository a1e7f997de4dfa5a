package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dry run as the CLI shows it: how many runs, a table of the first parameter sets, and one run rendered as an
 * agent would execute it (its arguments or each of its steps, environment and input files).
 */
public final class DryRunView {

    private static final int MAX_CELL_WIDTH = 40;
    /** Lines shown of each input file: enough to check the placeholders, short enough to read. */
    private static final int MAX_FILE_LINES = 20;
    /** Arguments a shell would take as they are; others are shown in single quotes, so that boundaries show. */
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private DryRunView() {
    }

    /** The first parameter sets, one row each: seq, then a column per parameter. */
    public static String parameterTable(List<JsonNode> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(run -> run.path("params").fieldNames().forEachRemaining(names::add));
        List<String> headers = new ArrayList<>();
        headers.add("SEQ");
        headers.addAll(names);
        TextTable table = new TextTable(headers, MAX_CELL_WIDTH);
        for (JsonNode run : runs) {
            List<String> cells = new ArrayList<>();
            cells.add(ResultsTableView.cellText(run.get("seq")));
            names.forEach(name -> cells.add(ResultsTableView.cellText(run.path("params").get(name))));
            table.addRow(cells);
        }
        return table.render();
    }

    /** A run rendered by the scheduler ({@code GET /studies/{id}/runs/{seq}/rendered}). */
    public static String renderedRun(JsonNode rendered) {
        StringBuilder out = new StringBuilder();
        if (rendered.path("steps").isEmpty()) {
            appendWork(out, "  ", rendered);
        } else {
            rendered.path("steps").forEach(step -> appendStep(out, step));
        }
        appendEnvironment(out, "  ", rendered.path("environment"));
        out.append("  run dir      ").append(rendered.path("runDir").asText()).append('\n');
        Iterator<Map.Entry<String, JsonNode>> files = rendered.path("files").fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> file = files.next();
            out.append("  file ").append(file.getKey()).append(":\n");
            String content = file.getValue().asText();
            String withoutLastNewline = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            String[] lines = withoutLastNewline.split("\\R", -1);
            for (int i = 0; i < Math.min(lines.length, MAX_FILE_LINES); i++) {
                out.append("    | ").append(lines[i]).append('\n');
            }
            if (lines.length > MAX_FILE_LINES) {
                out.append("    ... ").append(lines.length - MAX_FILE_LINES).append(" more lines\n");
            }
        }
        return out.toString();
    }

    /** A step's heading, then what it runs indented under it, so that a step's lines stay together. */
    private static void appendStep(StringBuilder out, JsonNode step) {
        List<String> notes = new ArrayList<>();
        if (!"success".equals(step.path("when").asText("success"))) {
            notes.add("when " + step.path("when").asText());
        }
        if (step.path("timeoutMillis").asLong() > 0) {
            notes.add("timeout " + duration(step.path("timeoutMillis").asLong()));
        }
        out.append("  step ").append(step.path("name").asText())
                .append(notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")").append('\n');
        appendWork(out, "    ", step);
        appendEnvironment(out, "    ", step.path("environment"));
    }

    /** What a run or a step runs: its builtin, its plugin with each option, or its command line. */
    private static void appendWork(StringBuilder out, String indent, JsonNode work) {
        if (work.hasNonNull("builtin")) {
            out.append(indent).append("builtin      ").append(work.get("builtin").asText()).append('\n');
        } else if (work.hasNonNull("plugin")) {
            out.append(indent).append("plugin       ").append(work.get("plugin").asText()).append('\n');
            Iterator<Map.Entry<String, JsonNode>> options = work.path("options").fields();
            while (options.hasNext()) {
                Map.Entry<String, JsonNode> option = options.next();
                // a text option as an argument is shown; numbers, lists and maps as the study's JSON
                String value = option.getValue().isTextual() ? quoted(option.getValue().asText())
                        : option.getValue().toString();
                out.append(indent).append("option       ").append(option.getKey()).append('=').append(value)
                        .append('\n');
            }
        } else {
            List<String> arguments = new ArrayList<>();
            work.path("command").forEach(argument -> arguments.add(quoted(argument.asText())));
            out.append(indent).append("command      ").append(String.join(" ", arguments)).append('\n');
        }
    }

    private static void appendEnvironment(StringBuilder out, String indent, JsonNode environment) {
        Iterator<Map.Entry<String, JsonNode>> variables = environment.fields();
        while (variables.hasNext()) {
            Map.Entry<String, JsonNode> variable = variables.next();
            out.append(indent).append("environment  ").append(variable.getKey()).append('=')
                    .append(quoted(variable.getValue().asText())).append('\n');
        }
    }

    /** 5m, 90s, 1500ms: as a study would write the timeout. */
    private static String duration(long millis) {
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static String quoted(String argument) {
        if (PLAIN_ARGUMENT.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
