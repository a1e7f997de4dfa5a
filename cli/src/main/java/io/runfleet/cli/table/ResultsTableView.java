package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The results of a study as a terminal table: the run's sequence number, its parameters and outputs,
 * then the few bookkeeping columns a reader checks first. Parameters and outputs with the same value
 * in every run are listed once above the table, so that what varies stays readable on a terminal.
 * CSV and JSON exports carry every column.
 */
public final class ResultsTableView {

    private static final String BOOKKEEPING_PREFIX = "_";
    private static final List<String> LEADING = List.of("_seq");
    /** {@code _stage} and {@code _parent_run_id} are there for a study with stages (its runs say which stage). */
    private static final List<String> TRAILING = List.of("_stage", "_parent_run_id", "_state", "_attempt",
            "_runtime_s", "_error");
    private static final List<String> STAGE_COLUMNS = List.of("_stage", "_parent_run_id");
    private static final int MAX_CELL_WIDTH = 48;

    private ResultsTableView() {
    }

    /** @param rows the JSON array of {@code GET /studies/{id}/results} */
    public static String render(JsonNode rows) {
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            return "(no results yet)\n";
        }
        List<String> columns = columnsOf(rows);
        List<String> same = sameInEveryRow(rows, columns);
        columns.removeAll(same);
        StringBuilder out = new StringBuilder();
        if (!same.isEmpty()) {
            out.append("same in every run:");
            for (String column : same) {
                out.append(' ').append(column).append('=').append(cellText(rows.get(0).get(column)));
            }
            out.append("\n\n");
        }
        TextTable table = new TextTable(columns, MAX_CELL_WIDTH);
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String column : columns) {
                cells.add(cellText(row.get(column)));
            }
            table.addRow(cells);
        }
        return out.append(table.render()).toString();
    }

    static List<String> sameInEveryRow(JsonNode rows, List<String> columns) {
        List<String> same = new ArrayList<>();
        if (rows.size() < 2) {
            return same;
        }
        for (String column : columns) {
            if (column.startsWith(BOOKKEEPING_PREFIX)) {
                continue;
            }
            String first = cellText(rows.get(0).get(column));
            boolean constant = true;
            for (JsonNode row : rows) {
                constant &= first.equals(cellText(row.get(column)));
            }
            if (constant) {
                same.add(column);
            }
        }
        return same;
    }

    static List<String> columnsOf(JsonNode rows) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> errorsPresent = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            row.fieldNames().forEachRemaining(seen::add);
            if (!cellText(row.get("_error")).isEmpty()) {
                errorsPresent.add("_error");
            }
        }
        boolean showStages = hasStages(rows);
        List<String> columns = new ArrayList<>();
        LEADING.stream().filter(seen::contains).forEach(columns::add);
        seen.stream().filter(name -> !name.startsWith(BOOKKEEPING_PREFIX)).forEach(columns::add);
        TRAILING.stream()
                .filter(seen::contains)
                .filter(name -> !name.equals("_error") || errorsPresent.contains(name))
                // a study without stages has only "main" runs: the columns would say nothing
                .filter(name -> showStages || !STAGE_COLUMNS.contains(name))
                .forEach(columns::add);
        return columns;
    }

    /** Whether some run is of a later stage than {@code main}. */
    private static boolean hasStages(JsonNode rows) {
        for (JsonNode row : rows) {
            String stage = cellText(row.get("_stage"));
            if (!stage.isEmpty() && !stage.equals("main")) {
                return true;
            }
        }
        return false;
    }

    static String cellText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
