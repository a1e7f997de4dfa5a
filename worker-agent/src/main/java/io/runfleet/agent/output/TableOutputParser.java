package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code table}: columns of a text table, read the way numpy's {@code loadtxt}/{@code genfromtxt} read them:
 * {@code skiprows} lines skipped first; {@code comments} ({@code #}) start a comment to the end of the line; blank
 * lines skipped; fields split on whitespace, or on {@code delimiter} (such as {@code ,}). Column names come from
 * {@code names}, else from a header row ({@code header: true}: the first line after the skipped ones, commented or
 * not), else from the last comment line before the data that has as many fields as a data row, which is how
 * {@code numpy.savetxt(..., header='a b c')} writes them. Each selected column becomes one output: the whole column
 * as a list, or one value by {@code row} ({@code last}, or a number, negative from the end) or {@code reduce}
 * ({@code min}, {@code max}, {@code mean}, {@code last}).
 */
@Singleton
public class TableOutputParser implements OutputParser {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Override
    public String type() {
        return OutputSpec.TABLE;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        OutputSource source = OutputSource.of(spec);
        Table table = read(spec, source, source.readText(runDir, limits));
        List<String> columns = TableOptions.names(spec, "columns");
        if (columns == null || columns.isEmpty()) {
            throw source.fail("names no column; give column: NAME or columns: [A, B]");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String column : columns) {
            String output = columns.size() == 1 && spec.name() != null ? spec.name() : column;
            int index = table.names().indexOf(column);
            if (index < 0) {
                throw source.fail(output, "column '" + column + "' not found; columns are "
                        + TableOptions.listed(table.names()));
            }
            List<Object> cells = new ArrayList<>(table.rows().size());
            table.rows().forEach(row -> cells.add(NumericText.valueOf(row.get(index))));
            values.put(output, select(spec, source, output, cells, table.firstLines()));
        }
        return values;
    }

    private static Object select(OutputSpec spec, OutputSource source, String output, List<Object> cells,
                                 List<Integer> lines) throws OutputException {
        String row = TableOptions.text(spec, "row", null);
        String reduce = TableOptions.text(spec, "reduce", row == null ? null : "row");
        if (reduce == null) {
            return cells;
        }
        if (cells.isEmpty()) {
            throw source.fail(output, "the table has no data rows");
        }
        switch (reduce) {
            case "last":
                return cells.get(cells.size() - 1);
            case "row":
                int at = "last".equals(row) ? -1 : Integer.parseInt(row);
                int position = at < 0 ? cells.size() + at : at;
                if (position < 0 || position >= cells.size()) {
                    throw source.fail(output, "row " + row + " does not exist; the table has " + cells.size()
                            + " data rows (0 to " + (cells.size() - 1) + ", or -1 for the last)");
                }
                return cells.get(position);
            default:
                List<Number> numbers = new ArrayList<>(cells.size());
                for (int i = 0; i < cells.size(); i++) {
                    if (!(cells.get(i) instanceof Number number)) {
                        throw source.fail(output, "line " + lines.get(i) + ": '" + cells.get(i) + "' is not a "
                                + "number, and reduce: " + reduce + " needs numbers");
                    }
                    numbers.add(number);
                }
                return reduce(reduce, numbers, source, output);
        }
    }

    private static Object reduce(String reduce, List<Number> numbers, OutputSource source, String output)
            throws OutputException {
        Number best = numbers.get(0);
        double sum = 0;
        for (Number number : numbers) {
            sum += number.doubleValue();
            boolean better = "min".equals(reduce) ? number.doubleValue() < best.doubleValue()
                    : number.doubleValue() > best.doubleValue();
            best = better ? number : best;
        }
        return switch (reduce) {
            case "mean" -> sum / numbers.size();
            case "min", "max" -> best;
            default -> throw source.fail(output, "reduce '" + reduce + "' is unknown; give min, max, mean or last");
        };
    }

    /** The rows of a table, each the text of its fields, and the line of the file each row came from. */
    private record Table(List<String> names, List<List<String>> rows, List<Integer> firstLines) {
    }

    private static Table read(OutputSpec spec, OutputSource source, String text) throws OutputException {
        String delimiter = TableOptions.text(spec, "delimiter", null);
        String comments = TableOptions.text(spec, "comments", "#");
        int skip = TableOptions.integer(spec, "skiprows", 0);
        Boolean header = TableOptions.flag(spec, "header");
        List<String> names = TableOptions.names(spec, "names");
        boolean headerPending = Boolean.TRUE.equals(header);
        List<String> headerRow = null;
        List<String> lastComment = null;
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] all = text.split("\\R");
        for (int n = skip; n < all.length; n++) {
            String line = all[n];
            int comment = line.indexOf(comments);
            String content = comment < 0 ? line : line.substring(0, comment);
            if (headerPending && !line.isBlank()) {
                headerPending = false;
                headerRow = fields(content.isBlank() && comment >= 0
                        ? line.substring(comment + comments.length()) : content, delimiter);
                continue;
            }
            if (content.isBlank()) {
                if (comment >= 0 && rows.isEmpty()) {
                    lastComment = fields(line.substring(comment + comments.length()), delimiter);
                }
                continue;
            }
            List<String> fields = fields(content, delimiter);
            if (!rows.isEmpty() && fields.size() != rows.get(0).size()) {
                throw source.fail("line " + (n + 1) + " has " + fields.size() + " fields where the first data row "
                        + "(line " + lines.get(0) + ") has " + rows.get(0).size() + "; give every row the same "
                        + "columns" + (delimiter == null ? " (fields are split on whitespace; for CSV give "
                        + "delimiter: ',')" : ""));
            }
            rows.add(fields);
            lines.add(n + 1);
        }
        int width = rows.isEmpty() ? -1 : rows.get(0).size();
        if (names == null) {
            names = headerRow;
        }
        if (names == null && header == null && lastComment != null && (width < 0 || lastComment.size() == width)) {
            names = lastComment;
        }
        if (names == null) {
            throw source.fail("no column names: the file has no commented header line with one name per column; "
                    + "give header: true when its first line names the columns, or names: [A, B, ...]");
        }
        if (width >= 0 && names.size() != width) {
            throw source.fail(names.size() + " column names (" + TableOptions.listed(names) + ") for " + width
                    + " columns of data; give one name per column");
        }
        return new Table(names, rows, lines);
    }

    private static List<String> fields(String content, String delimiter) {
        if (delimiter == null) {
            String stripped = content.strip();
            return stripped.isEmpty() ? List.of() : List.of(WHITESPACE.split(stripped));
        }
        List<String> fields = new ArrayList<>();
        for (String field : content.split(Pattern.quote(delimiter), -1)) {
            String stripped = field.strip();
            boolean quoted = stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"");
            fields.add(quoted ? stripped.substring(1, stripped.length() - 1) : stripped);
        }
        return fields;
    }
}
