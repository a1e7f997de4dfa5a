package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runfleet.wire.WireCodec;
import java.util.Collection;
import java.util.Map;

/** Turns values into RFC 4180 CSV cells. */
final class CsvCells {

    private CsvCells() {
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Map<?, ?> || value instanceof Collection<?> ? json(value) : value.toString();
        return quoted(text);
    }

    /** Quotes a cell that holds a comma, a quote or a line break, doubling its quotes. */
    static String quoted(String text) {
        boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0
                || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String json(Object value) {
        try {
            return WireCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
