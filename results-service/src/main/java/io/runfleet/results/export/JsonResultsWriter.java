package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runfleet.results.store.AttemptReader;
import io.runfleet.wire.WireCodec;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/** Writes the results table as a JSON array of flat objects, one per run, while the rows are read. */
public final class JsonResultsWriter implements StreamingOutput {

    private final AttemptReader reader;
    private final String studyId;

    public JsonResultsWriter(AttemptReader reader, String studyId) {
        this.reader = reader;
        this.studyId = studyId;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        try (JsonGenerator json = WireCodec.mapper().getFactory().createGenerator(output, JsonEncoding.UTF8)) {
            json.writeStartArray();
            reader.forEachLatestAttempt(studyId, attempt -> json.writeObject(ResultRow.of(attempt)));
            json.writeEndArray();
        }
    }
}
