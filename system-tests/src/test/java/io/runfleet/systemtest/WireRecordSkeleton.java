package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runfleet.wire.WireMessage;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * A JSON object with every component of a wire record present and of the right type, built from the
 * record itself: a message the codec reads field by field, so that a test changing one thing (the schema
 * version, one missing field) gets exactly that one refusal. Follows the records as they change.
 */
final class WireRecordSkeleton {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireRecordSkeleton() {
    }

    /** Every component of {@code type} with a plausible value; {@code schemaVersion} is the current one. */
    static ObjectNode of(Class<? extends WireMessage> type) {
        ObjectNode node = objectFor(type);
        node.put("schemaVersion", WireMessage.SCHEMA_VERSION);
        return node;
    }

    private static ObjectNode objectFor(Class<?> record) {
        ObjectNode node = NODES.objectNode();
        for (RecordComponent component : record.getRecordComponents()) {
            node.set(component.getName(), valueFor(component.getType()));
        }
        return node;
    }

    private static JsonNode valueFor(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return NODES.numberNode(1);
        }
        if (type == boolean.class || type == Boolean.class) {
            return NODES.booleanNode(false);
        }
        if (type == String.class) {
            return NODES.textNode("malformed-probe");
        }
        if (type == Instant.class) {
            return NODES.textNode(Instant.EPOCH.toString());
        }
        if (type.isEnum()) {
            return NODES.textNode(((Enum<?>) type.getEnumConstants()[0]).name());
        }
        if (Map.class.isAssignableFrom(type)) {
            return NODES.objectNode();
        }
        if (Collection.class.isAssignableFrom(type)) {
            return NODES.arrayNode();
        }
        if (type.isRecord()) {
            return objectFor(type);
        }
        return NODES.nullNode();
    }
}
