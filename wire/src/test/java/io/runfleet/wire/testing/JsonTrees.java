package io.runfleet.wire.testing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Addressing every part of a JSON tree, for tests that mutate valid documents (wire messages, studies) one part at
 * a time: a {@code selector} modulo the number of parts picks the target, so that any int reaches every field and
 * list element, nested ones included.
 */
public final class JsonTrees {

    private JsonTrees() {
    }

    /** Every field (and, unless {@code fieldsOnly}, every list element) of the tree, depth first. */
    public static List<JsonPointer> paths(JsonNode root, boolean fieldsOnly) {
        List<JsonPointer> out = new ArrayList<>();
        collect(root, JsonPointer.empty(), fieldsOnly, out);
        return out;
    }

    /** The part {@code selector} picks among {@link #paths} (fields and list elements). */
    public static JsonPointer pick(JsonNode root, int selector) {
        List<JsonPointer> all = paths(root, false);
        return all.get(Math.floorMod(selector, all.size()));
    }

    /** The field {@code selector} picks among the tree's fields, removed; its pointer returned. */
    public static JsonPointer removeField(JsonNode root, int selector) {
        List<JsonPointer> fields = paths(root, true);
        JsonPointer target = fields.get(Math.floorMod(selector, fields.size()));
        ((ObjectNode) root.at(target.head())).remove(target.last().getMatchingProperty());
        return target;
    }

    /** The field or list element at {@code target} set to {@code value}. */
    public static void replace(JsonNode root, JsonPointer target, JsonNode value) {
        JsonNode parent = root.at(target.head());
        if (parent instanceof ArrayNode array) {
            array.set(target.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(target.last().getMatchingProperty(), value);
        }
    }

    private static void collect(JsonNode node, JsonPointer at, boolean fieldsOnly, List<JsonPointer> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonPointer child = at.appendProperty(field.getKey());
                out.add(child);
                collect(field.getValue(), child, fieldsOnly, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                if (!fieldsOnly) {
                    out.add(child);
                }
                collect(node.get(i), child, fieldsOnly, out);
            }
        }
    }
}
