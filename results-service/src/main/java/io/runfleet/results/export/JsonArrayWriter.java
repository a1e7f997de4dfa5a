package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.runfleet.results.store.AttemptReader;
import io.runfleet.results.store.StoredAttempt;
import io.runfleet.wire.WireCodec;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams stored attempts as a JSON array while they are read, so that a large study is never held in
 * memory: the results table (one flat row per run) or the whole attempt history.
 */
public final class JsonArrayWriter implements StreamingOutput {

    /** Feeds the attempts to write, in order, to the given consumer. */
    @FunctionalInterface
    private interface Source {
        void forEach(AttemptReader.RowConsumer consumer) throws IOException;
    }

    /** How an attempt becomes a JSON value. */
    @FunctionalInterface
    private interface Element {
        void write(JsonGenerator json, StoredAttempt attempt) throws IOException;
    }

    private final Source source;
    private final Element element;

    private JsonArrayWriter(Source source, Element element) {
        this.source = source;
        this.element = element;
    }

    /**
     * The results table: per run, its newest attempt as a flat row ({@link ResultRow}) with every column in the
     * table's order; the table is read once for its columns ({@link ResultTableShape}), as for CSV.
     */
    public static StreamingOutput results(AttemptReader reader, String studyId) {
        return output -> {
            ResultTableShape shape = ResultTableShape.scan(reader, studyId);
            new JsonArrayWriter(consumer -> reader.forEachLatestAttempt(studyId, consumer),
                    (json, attempt) -> json.writeObject(shape.row(attempt))).write(output);
        };
    }

    /** Every attempt of every run of the study, as stored. */
    public static JsonArrayWriter attempts(AttemptReader reader, String studyId) {
        return new JsonArrayWriter(consumer -> reader.forEachAttempt(studyId, consumer), JsonGenerator::writeObject);
    }

    @Override
    public void write(OutputStream output) throws IOException {
        try (JsonGenerator json = WireCodec.mapper().getFactory().createGenerator(output, JsonEncoding.UTF8)) {
            json.writeStartArray();
            source.forEach(attempt -> element.write(json, attempt));
            json.writeEndArray();
        }
    }
}
