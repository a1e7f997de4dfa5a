package io.runfleet.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the form the codec writes ({@link UtcInstantText}) without a {@code DateTimeFormatter}; every other value
 * (other offsets, numbers, empty or malformed text) goes to the standard deserializer, which reads or refuses it as
 * before, with the same message.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

    private static final InstantDeserializer<Instant> STANDARD = InstantDeserializer.INSTANT;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser json, DeserializationContext context) throws IOException {
        if (json.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = UtcInstantText.parse(json.getText());
            if (instant != null) {
                return instant;
            }
        }
        return STANDARD.deserialize(json, context);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
            throws JsonMappingException {
        JsonDeserializer<?> standard = STANDARD.createContextual(context, property);
        return standard == STANDARD ? this : standard;
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.DateTime;
    }
}
