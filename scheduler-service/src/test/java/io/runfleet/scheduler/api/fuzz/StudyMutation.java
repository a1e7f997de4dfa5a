package io.runfleet.scheduler.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.runfleet.wire.testing.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thing wrong with a valid study, applied to its tree and written as YAML or JSON. Tree mutations pick their
 * target among every key and list element of the study ({@code selector} modulo their number), nested ones
 * included; text and byte mutations work on the written document.
 */
sealed interface StudyMutation {

    ObjectMapper JSON = new ObjectMapper();
    YAMLMapper YAML = new YAMLMapper();

    /** The body to submit. */
    byte[] apply(JsonNode seed, boolean yaml);

    /** A key (top level or nested) left out. */
    record RemoveKey(int selector) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            ObjectNode root = seed.deepCopy();
            JsonTrees.removeField(root, selector);
            return written(root, yaml);
        }
    }

    /** A value or list element replaced: another type, a number past any limit, NaN, an empty or huge string. */
    record ReplaceValue(int selector, JsonNode value) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            ObjectNode root = seed.deepCopy();
            JsonTrees.replace(root, JsonTrees.pick(root, selector), value);
            return written(root, yaml);
        }
    }

    /** A key added beside a value: a typo of a known field or anything else. */
    record AddKey(int selector, String key, JsonNode value) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            ObjectNode root = seed.deepCopy();
            List<JsonNode> objects = new ArrayList<>();
            objects.add(root);
            JsonTrees.paths(root, false).stream().map(root::at).filter(JsonNode::isObject).forEach(objects::add);
            ((ObjectNode) objects.get(Math.floorMod(selector, objects.size()))).set(key, value);
            return written(root, yaml);
        }
    }

    /** A value replaced by lists or mappings nested far deeper than any study: the reader must not recurse away. */
    record DeepNesting(int selector, int depth, boolean mappings) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            ObjectNode root = seed.deepCopy();
            JsonTrees.replace(root, JsonTrees.pick(root, selector), TextNode.valueOf("deep-nesting-marker"));
            String open = mappings ? "{\"a\": " : "[";
            String close = mappings ? "}" : "]";
            // flow style nests the same way in YAML and in JSON
            String deep = open.repeat(depth) + "1" + close.repeat(depth);
            String text = text(root, yaml).replaceFirst("\"?deep-nesting-marker\"?", deep);
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A top-level key written twice; YAML and JSON both allow a reader to take either, the reader must refuse. */
    record DuplicateKey(String key, JsonNode value) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            ObjectNode root = seed.deepCopy();
            String text = text(root, yaml);
            String duplicated = yaml
                    ? text.replaceFirst("^(---\\s*\\n)?", "$1" + key + ": " + JSON.valueToTree(value) + "\n")
                    : "{\"" + key + "\": " + value + ", " + text.substring(text.indexOf('{') + 1);
            return duplicated.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The first {@code length} bytes only, as an upload cut short. */
    record Truncate(int length, boolean yamlText) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            byte[] bytes = text(seed, yamlText).getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(bytes, Math.floorMod(length, bytes.length));
        }
    }

    /** One byte overwritten, often with one that is not UTF-8 (0xC0, 0xFF, a lone continuation byte) or a tab. */
    record OverwriteByte(int position, byte value) implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            byte[] bytes = text(seed, yaml).getBytes(StandardCharsets.UTF_8);
            bytes[Math.floorMod(position, bytes.length)] = value;
            return bytes;
        }
    }

    /** Written in the other format than the one declared: JSON declared YAML, YAML declared JSON. */
    record OtherFormat() implements StudyMutation {
        @Override
        public byte[] apply(JsonNode seed, boolean yaml) {
            return text(seed, !yaml).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@code root} written as it is. */
    static byte[] written(JsonNode root, boolean yaml) {
        return text(root, yaml).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode root, boolean yaml) {
        try {
            return (yaml ? YAML : JSON).writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
