package io.runfleet.results.export;

import io.runfleet.results.store.AttemptReader;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the results table as RFC 4180 CSV. The header is the union of every row's columns, so the
 * table is read twice: once for the column names, once for the rows, which are written as they are
 * read. A value a row does not have is an empty cell.
 */
public final class CsvResultsWriter implements StreamingOutput {

    private static final String LINE_END = "\r\n";

    private final AttemptReader reader;
    private final String studyId;

    public CsvResultsWriter(AttemptReader reader, String studyId) {
        this.reader = reader;
        this.studyId = studyId;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        List<String> header = header();
        Writer csv = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
        writeLine(csv, header.stream().map(CsvCells::quoted).toList());
        reader.forEachLatestAttempt(studyId, attempt -> {
            Map<String, Object> row = ResultRow.of(attempt);
            List<String> cells = new ArrayList<>(header.size());
            for (String column : header) {
                cells.add(CsvCells.cell(row.get(column)));
            }
            writeLine(csv, cells);
        });
        csv.flush();
    }

    /** Parameters in order of first appearance, then outputs likewise, then bookkeeping. */
    private List<String> header() throws IOException {
        Set<String> params = new LinkedHashSet<>();
        Set<String> outputs = new LinkedHashSet<>();
        reader.forEachLatestAttempt(studyId, attempt -> {
            params.addAll(attempt.params().keySet());
            attempt.outputs().keySet().forEach(name -> outputs.add(ResultRow.outputColumn(name, attempt.params())));
        });
        List<String> header = new ArrayList<>(params);
        outputs.stream().filter(name -> !params.contains(name)).forEach(header::add);
        ResultColumns.BOOKKEEPING.stream().filter(name -> !header.contains(name)).forEach(header::add);
        return header;
    }

    private static void writeLine(Writer csv, List<String> cells) throws IOException {
        csv.write(String.join(",", cells));
        csv.write(LINE_END);
    }
}
