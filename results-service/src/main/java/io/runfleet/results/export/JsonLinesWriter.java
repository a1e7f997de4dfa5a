package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runfleet.results.store.AttemptReader;
import io.runfleet.wire.WireCodec;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams the results table as JSON lines (NDJSON): per run one JSON object, the same as an element of
 * the JSON export (every column, in the table's order, so the table is read twice as for CSV), on a line of its own ending in {@code \n}. Line breaks inside values are escaped by
 * JSON, so a line is always a whole row. Rows are written while they are read.
 */
public final class JsonLinesWriter implements StreamingOutput {

    private final AttemptReader reader;
    private final String studyId;

    public JsonLinesWriter(AttemptReader reader, String studyId) {
        this.reader = reader;
        this.studyId = studyId;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        ResultTableShape shape = ResultTableShape.scan(reader, studyId);
        try (JsonGenerator json = WireCodec.mapper().getFactory().createGenerator(output, JsonEncoding.UTF8)) {
            // Jackson separates root values with a space by default; each row ends its own line instead.
            json.setRootValueSeparator(null);
            reader.forEachLatestAttempt(studyId, attempt -> {
                json.writeObject(shape.row(attempt));
                json.writeRaw('\n');
            });
        }
    }
}
