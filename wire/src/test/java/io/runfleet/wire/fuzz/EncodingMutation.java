package io.runfleet.wire.fuzz;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.runfleet.wire.testing.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One thing wrong with a valid encoding. Tree mutations pick their target among every field and list element of
 * the message, nested ones included ({@code selector} modulo their number), so every part of every record is hit.
 */
sealed interface EncodingMutation {

    ObjectMapper JSON = new ObjectMapper();

    /** The mutated bytes and the field they touched, null when the mutation is not about one field. */
    record Mutated(byte[] bytes, JsonPointer field) {

        /** The record's own field the mutation is under: {@code spec} for {@code /spec/command/0}. */
        String topLevelField() {
            return field == null || field.matches() ? null : field.getMatchingProperty();
        }
    }

    Mutated apply(byte[] valid);

    /** A field (top level or nested) left out. */
    record RemoveField(int selector) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            ObjectNode root = tree(valid);
            JsonPointer target = JsonTrees.removeField(root, selector);
            return new Mutated(bytes(root), target);
        }
    }

    /** A field or list element given another value: another type, a number past its range, a giant string. */
    record ReplaceValue(int selector, JsonNode value) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            ObjectNode root = tree(valid);
            JsonPointer target = JsonTrees.pick(root, selector);
            JsonTrees.replace(root, target, value);
            return new Mutated(bytes(root), target);
        }
    }

    /** A field of the record itself set to {@code value}, whether the record had it or not. */
    record SetField(String name, JsonNode value) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            ObjectNode root = tree(valid);
            root.set(name, value);
            return new Mutated(bytes(root), JsonPointer.empty().appendProperty(name));
        }
    }

    /** A value replaced by arrays or objects nested far deeper than any record: the reader must not recurse away. */
    record DeepNesting(int selector, int depth, boolean objects) implements EncodingMutation {
        private static final String MARKER = "\"deep-nesting-marker\"";

        @Override
        public Mutated apply(byte[] valid) {
            ObjectNode root = tree(valid);
            JsonPointer target = JsonTrees.pick(root, selector);
            JsonTrees.replace(root, target, TextNode.valueOf("deep-nesting-marker"));
            String open = objects ? "{\"a\":" : "[";
            String close = objects ? "}" : "]";
            String text = new String(bytes(root), StandardCharsets.UTF_8)
                    .replace(MARKER, open.repeat(depth) + "1" + close.repeat(depth));
            return new Mutated(text.getBytes(StandardCharsets.UTF_8), target);
        }
    }

    /** A field written twice with different values, as a hand-written or concatenated message may hold. */
    record DuplicateKey(String field, JsonNode value) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            String text = new String(valid, StandardCharsets.UTF_8);
            String duplicate = "{\"" + field + "\":" + value + ",";
            return new Mutated((duplicate + text.substring(1)).getBytes(StandardCharsets.UTF_8),
                    JsonPointer.compile("/" + field));
        }
    }

    /** The first {@code length} bytes only, as a frame cut short. */
    record Truncate(int length) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            return new Mutated(Arrays.copyOf(valid, Math.floorMod(length, valid.length)), null);
        }
    }

    /** One byte overwritten, often with one that is not UTF-8 at all (0xC0, 0xFF, a lone continuation byte). */
    record OverwriteByte(int position, byte value) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            byte[] copy = valid.clone();
            copy[Math.floorMod(position, copy.length)] = value;
            return new Mutated(copy, null);
        }
    }

    /** Bytes after the message: a second message glued on, or noise. */
    record TrailingBytes(byte[] tail) implements EncodingMutation {
        @Override
        public Mutated apply(byte[] valid) {
            byte[] copy = Arrays.copyOf(valid, valid.length + tail.length);
            System.arraycopy(tail, 0, copy, valid.length, tail.length);
            return new Mutated(copy, null);
        }

        @Override
        public String toString() {
            return "TrailingBytes[" + new String(tail, StandardCharsets.UTF_8) + "]";
        }
    }

    private static ObjectNode tree(byte[] valid) {
        try {
            return (ObjectNode) JSON.readTree(valid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
