package io.runfleet.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the list a REST endpoint answers with. */
final class JsonLists {

    private JsonLists() {
    }

    /**
     * The elements of a JSON array. An object holding exactly one array field (a page such as
     * {@code {"rows": [...]}}) is read as that array, so the tests check the rows, not the envelope.
     */
    static List<JsonNode> elements(JsonNode body) {
        JsonNode array = body;
        if (body.isObject()) {
            List<JsonNode> arrays = new ArrayList<>();
            body.elements().forEachRemaining(field -> {
                if (field.isArray()) {
                    arrays.add(field);
                }
            });
            if (arrays.size() != 1) {
                throw new AssertionError("expected a JSON array (or an object with one array field), got: " + body);
            }
            array = arrays.get(0);
        }
        if (!array.isArray()) {
            throw new AssertionError("expected a JSON array, got: " + body);
        }
        List<JsonNode> elements = new ArrayList<>();
        array.elements().forEachRemaining(elements::add);
        return elements;
    }
}
