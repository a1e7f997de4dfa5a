package io.runfleet.results.export;

import io.runfleet.results.store.AttemptReader;
import io.runfleet.results.store.StoredAttempt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a study's results table, in order, and the kind of values each holds. Exports that
 * must name every column before the first row (CSV's header, Parquet's schema) read the table once
 * for this, then once more for the rows; only names and kinds are kept, never rows.
 *
 * <p>Order: the parameters in order of first appearance (every run of a study lists them in the same
 * order), then the outputs in the order the study declares them ({@link OutputColumnOrder}), then the
 * bookkeeping columns ({@link ResultColumns#BOOKKEEPING}). Every export writes its columns in this order,
 * and a JSON row holds every column ({@link #row}).
 */
final class ResultTableShape {

    /** A column and the widened kind of its values; {@link ValueKind#TEXT} when it has none. */
    record Column(String name, ValueKind kind) {
    }

    private final List<Column> columns;

    private ResultTableShape(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    static ResultTableShape scan(AttemptReader reader, String studyId) throws IOException {
        Scan scan = new Scan();
        reader.forEachLatestAttempt(studyId, scan::add);
        return scan.shape();
    }

    static ResultTableShape of(Iterable<StoredAttempt> attempts) {
        Scan scan = new Scan();
        attempts.forEach(scan::add);
        return scan.shape();
    }

    List<Column> columns() {
        return columns;
    }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** An attempt's row with every column of the table, in the table's order; null where the row has no value. */
    Map<String, Object> row(StoredAttempt attempt) {
        Map<String, Object> values = ResultRow.of(attempt);
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(column -> row.put(column.name(), values.get(column.name())));
        return row;
    }

    /** Collects names and kinds row by row. */
    private static final class Scan {

        private final Set<String> params = new LinkedHashSet<>();
        private final OutputColumnOrder outputs = new OutputColumnOrder();
        private final Map<String, ValueKind> kinds = new HashMap<>();

        void add(StoredAttempt attempt) {
            params.addAll(attempt.params().keySet());
            outputs.add(attempt.outputs().keySet().stream()
                    .map(name -> ResultRow.outputColumn(name, attempt.params())).toList());
            ResultRow.of(attempt).forEach((name, value) -> {
                if (value != null) {
                    kinds.merge(name, ValueKind.of(value), ValueKind::widen);
                }
            });
        }

        ResultTableShape shape() {
            List<String> names = new ArrayList<>(params);
            outputs.ordered().stream().filter(name -> !params.contains(name)).forEach(names::add);
            ResultColumns.BOOKKEEPING.stream().filter(name -> !names.contains(name)).forEach(names::add);
            List<Column> columns = new ArrayList<>(names.size());
            for (String name : names) {
                columns.add(new Column(name, kinds.getOrDefault(name, ValueKind.TEXT)));
            }
            return new ResultTableShape(columns);
        }
    }
}
