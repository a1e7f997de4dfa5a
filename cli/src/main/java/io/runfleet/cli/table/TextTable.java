package io.runfleet.cli.table;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table of text for a terminal: one header line, a rule, then rows; columns padded to the widest
 * cell; columns whose cells are all numbers are right-aligned so that digits line up.
 */
public final class TextTable {

    private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|-?Infinity");
    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final int maxCellWidth;

    public TextTable(List<String> headers, int maxCellWidth) {
        this.headers = List.copyOf(headers);
        this.maxCellWidth = maxCellWidth;
    }

    public TextTable addRow(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
        }
        List<String> clipped = new ArrayList<>(cells.size());
        for (String cell : cells) {
            clipped.add(clip(cell == null ? "" : cell));
        }
        rows.add(clipped);
        return this;
    }

    public String render() {
        int columns = headers.size();
        int[] widths = new int[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).isEmpty() || NUMBER.matcher(row.get(c)).matches();
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, headers, widths, numeric);
        List<String> rule = new ArrayList<>(columns);
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendLine(out, rule, widths, new boolean[columns]);
        for (List<String> row : rows) {
            appendLine(out, row, widths, numeric);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padding = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : GAP).append(rightAligned[c] ? padding + cell : cell + padding);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private String clip(String cell) {
        String oneLine = cell.replace("\r", "").replace('\n', ' ');
        return oneLine.length() <= maxCellWidth ? oneLine : oneLine.substring(0, maxCellWidth - 3) + "...";
    }
}
