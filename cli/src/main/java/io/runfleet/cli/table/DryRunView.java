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
 * agent would execute it (its arguments, environment and input files).
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
        if (rendered.hasNonNull("builtin")) {
            out.append("  builtin      ").append(rendered.get("builtin").asText()).append('\n');
        } else {
            List<String> arguments = new ArrayList<>();
            rendered.path("command").forEach(argument -> arguments.add(quoted(argument.asText())));
            out.append("  command      ").append(String.join(" ", arguments)).append('\n');
        }
        Iterator<Map.Entry<String, JsonNode>> environment = rendered.path("environment").fields();
        while (environment.hasNext()) {
            Map.Entry<String, JsonNode> variable = environment.next();
            out.append("  environment  ").append(variable.getKey()).append('=')
                    .append(quoted(variable.getValue().asText())).append('\n');
        }
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

    static String quoted(String argument) {
        if (PLAIN_ARGUMENT.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
