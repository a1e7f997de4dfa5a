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
import java.util.List;
import java.util.Map;

/**
 * Writes the results table as RFC 4180 CSV. The header is the union of every row's columns, so the
 * table is read twice: once for the column names ({@link ResultTableShape}), once for the rows, which
 * are written as they are read. A value a row does not have is an empty cell.
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
        List<String> header = ResultTableShape.scan(reader, studyId).names();
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

    private static void writeLine(Writer csv, List<String> cells) throws IOException {
        csv.write(String.join(",", cells));
        csv.write(LINE_END);
    }
}
