package io.runfleet.results.export;

import io.runfleet.results.store.AttemptReader;
import io.runfleet.results.store.StoredAttempt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a study's results table, in order, and the kind of values each holds. Exports that
 * must name every column before the first row (CSV's header, Parquet's schema) read the table once
 * for this, then once more for the rows; only names and kinds are kept, never rows.
 *
 * <p>Order: the parameters in order of first appearance, then the outputs likewise, then the
 * bookkeeping columns ({@link ResultColumns#BOOKKEEPING}).
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

    /** Collects names and kinds row by row. */
    private static final class Scan {

        private final Set<String> params = new LinkedHashSet<>();
        private final Set<String> outputs = new LinkedHashSet<>();
        private final Map<String, ValueKind> kinds = new HashMap<>();

        void add(StoredAttempt attempt) {
            params.addAll(attempt.params().keySet());
            attempt.outputs().keySet().forEach(name -> outputs.add(ResultRow.outputColumn(name, attempt.params())));
            ResultRow.of(attempt).forEach((name, value) -> {
                if (value != null) {
                    kinds.merge(name, ValueKind.of(value), ValueKind::widen);
                }
            });
        }

        ResultTableShape shape() {
            List<String> names = new ArrayList<>(params);
            outputs.stream().filter(name -> !params.contains(name)).forEach(names::add);
            ResultColumns.BOOKKEEPING.stream().filter(name -> !names.contains(name)).forEach(names::add);
            List<Column> columns = new ArrayList<>(names.size());
            for (String name : names) {
                columns.add(new Column(name, kinds.getOrDefault(name, ValueKind.TEXT)));
            }
            return new ResultTableShape(columns);
        }
    }
}
