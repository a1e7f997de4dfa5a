package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs as {@code GET /studies/{id}/runs} lists them: seq, run id (what {@code runfleet cancel ID --run RUN_ID} takes,
 * for pending and running runs too), state, attempt, agent, parameters and, for a run that did not succeed, the reason. A repetition column appears when some run is a repeat.
 */
public final class RunsTableView {

    private static final int MAX_CELL_WIDTH = 72;

    private RunsTableView() {
    }

    public static String render(List<JsonNode> runs) {
        boolean repeats = runs.stream().anyMatch(run -> run.path("repetition").asInt() != 0);
        List<String> headers = new ArrayList<>(List.of("SEQ", "RUN_ID", "STATE", "ATTEMPT"));
        if (repeats) {
            headers.add("REPETITION");
        }
        headers.addAll(List.of("AGENT", "PARAMS", "REASON"));
        TextTable table = new TextTable(headers, MAX_CELL_WIDTH);
        for (JsonNode run : runs) {
            List<String> cells = new ArrayList<>(List.of(ResultsTableView.cellText(run.get("seq")),
                    ResultsTableView.cellText(run.get("id")), ResultsTableView.cellText(run.get("state")), ResultsTableView.cellText(run.get("attempt"))));
            if (repeats) {
                cells.add(ResultsTableView.cellText(run.get("repetition")));
            }
            cells.add(ResultsTableView.cellText(run.get("agentId")));
            cells.add(ResultsTableView.cellText(run.get("params")));
            cells.add("SUCCEEDED".equals(run.path("state").asText()) ? "" : reason(run));
            table.addRow(cells);
        }
        return table.render();
    }

    /** The error, led by the exit code when the error does not already say it. */
    static String reason(JsonNode run) {
        String error = ResultsTableView.cellText(run.get("error")).strip();
        JsonNode exitCode = run.get("exitCode");
        if (exitCode == null || exitCode.isNull() || error.contains("exit code")) {
            return error;
        }
        return "exit " + exitCode.asText() + (error.isEmpty() ? "" : ": " + error);
    }
}
