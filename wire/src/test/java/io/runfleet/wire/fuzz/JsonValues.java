package io.runfleet.wire.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Any JSON value, biased towards what breaks readers: numbers at and past the limits of int and long, huge
 * exponents, empty and very long strings, unicode, the field names of the wire records, nested containers.
 */
final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Names the records use, so that random objects sometimes look like a record or one of its parts. */
    static final List<String> FIELD_NAMES = List.of("schemaVersion", "studyId", "runId", "attempt", "kind",
            "agentId", "outcome", "spec", "runs", "params", "command", "environment", "outputs", "at", "seq");

    private JsonValues() {
    }

    static Arbitrary<JsonNode> any() {
        return nested(3);
    }

    static Arbitrary<JsonNode> nested(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<JsonNode> inner = nested(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(4).map(JsonValues::array);
        Arbitrary<JsonNode> objects = Arbitraries.maps(fieldNames(), inner).ofMaxSize(4).map(JsonValues::object);
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars()),
                Tuple.of(1, arrays),
                Tuple.of(1, objects));
    }

    static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(BigInteger.TWO.pow(64), BigInteger.TWO.pow(31), BigInteger.TWO.pow(63).negate()
                        .subtract(BigInteger.ONE)).map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("1e999999"))
                        .map(NODES::numberNode),
                strings().map(NODES::textNode));
    }

    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(5, Arbitraries.of("", " ", "null", "1", "-1", "1e3", "NaN", "Infinity", "true",
                        "2026-01-01T00:00:00Z", "HEARTBEAT", "SUCCEEDED", "\u0000", "\uD83D\uDE80", "\u202Eevil")),
                // rare: each costs the reader (and the test) a copy of up to 100 kB
                Tuple.of(1, Arbitraries.integers().between(10_000, 100_000).map("x"::repeat)));
    }

    private static Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(Arbitraries.of(FIELD_NAMES), Arbitraries.strings().ofMaxLength(8));
    }

    private static JsonNode array(List<JsonNode> elements) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(elements);
        return array;
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode object = NODES.objectNode();
        object.setAll(fields);
        return object;
    }
}
