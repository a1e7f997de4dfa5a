package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes instants as the standard serializer does, through {@link UtcInstantText} instead of a
 * {@code DateTimeFormatter}. A mapper that writes dates as timestamps, or a property with its own format, gets the
 * standard serializer.
 */
final class UtcInstantSerializer extends StdSerializer<Instant> implements ContextualSerializer {

    private static final InstantSerializer STANDARD = InstantSerializer.INSTANCE;

    UtcInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
        if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
            STANDARD.serialize(value, json, provider);
        } else {
            json.writeString(UtcInstantText.format(value));
        }
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
            throws JsonMappingException {
        JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
        return format == null || format.equals(JsonFormat.Value.empty()) ? this
                : STANDARD.createContextual(provider, property);
    }
}
