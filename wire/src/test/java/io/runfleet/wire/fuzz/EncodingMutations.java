package io.runfleet.wire.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Every kind of {@link EncodingMutation}, each with its own share of the tries. */
final class EncodingMutations {

    private EncodingMutations() {
    }

    static Arbitrary<EncodingMutation> any() {
        Arbitrary<Integer> selector = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.oneOf(
                selector.map(EncodingMutation.RemoveField::new),
                selector.flatMap(s -> JsonValues.any().map(v -> new EncodingMutation.ReplaceValue(s, v))),
                selector.flatMap(s -> Arbitraries.integers().between(900, 20_000)
                        .flatMap(depth -> Arbitraries.of(true, false)
                                .map(objects -> new EncodingMutation.DeepNesting(s, depth, objects)))),
                Arbitraries.of(JsonValues.FIELD_NAMES).flatMap(field -> JsonValues.scalars()
                        .map(v -> new EncodingMutation.DuplicateKey(field, v))),
                schemaVersions(),
                selector.map(EncodingMutation.Truncate::new),
                selector.flatMap(p -> Arbitraries.of((byte) 0xC0, (byte) 0xFF, (byte) 0x80, (byte) 0xED,
                        (byte) 0, (byte) '"', (byte) '{', (byte) ']').map(b -> new EncodingMutation.OverwriteByte(p, b))),
                Arbitraries.of("{}", "{\"schemaVersion\":1}", "garbage", "]", "\u0000", "   ")
                        .map(tail -> new EncodingMutation.TrailingBytes(tail.getBytes(StandardCharsets.UTF_8))));
    }

    /** The schema version another value: a future or past version, out of int range, another type. */
    private static Arbitrary<EncodingMutation> schemaVersions() {
        Arbitrary<JsonNode> versions = Arbitraries.oneOf(JsonValues.scalars(),
                Arbitraries.of(0, -1, 2, 99, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .map(v -> EncodingMutation.JSON.getNodeFactory().numberNode(v)));
        return versions.map(v -> new EncodingMutation.SetField("schemaVersion", v));
    }
}
