package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runfleet.results.store.AttemptReader;
import io.runfleet.wire.WireCodec;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/** Writes every attempt of a study (its history) as a JSON array, while the rows are read. */
public final class JsonAttemptsWriter implements StreamingOutput {

    private final AttemptReader reader;
    private final String studyId;

    public JsonAttemptsWriter(AttemptReader reader, String studyId) {
        this.reader = reader;
        this.studyId = studyId;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        try (JsonGenerator json = WireCodec.mapper().getFactory().createGenerator(output, JsonEncoding.UTF8)) {
            json.writeStartArray();
            reader.forEachAttempt(studyId, json::writeObject);
            json.writeEndArray();
        }
    }
}
