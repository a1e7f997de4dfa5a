package io.runfleet.results.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runfleet.wire.WireCodec;
import java.util.Collection;
import java.util.Map;

/**
 * A value of the results table as text, the same in every text cell of every export: CSV cells and
 * Parquet string columns. Nested values (objects, arrays) become their JSON text.
 */
final class CellText {

    private CellText() {
    }

    /** @return the text of the value, or null for a missing value */
    static String of(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Map<?, ?> || value instanceof Collection<?> ? json(value) : value.toString();
    }

    private static String json(Object value) {
        try {
            return WireCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }
}
