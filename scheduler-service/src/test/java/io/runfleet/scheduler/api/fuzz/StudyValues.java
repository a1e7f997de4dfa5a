package io.runfleet.scheduler.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Values to put where a study holds another: of every type, and biased towards what a study's checks must catch
 * (negative, zero, huge and non-finite numbers; durations and sampler words; empty, blank, very long and unicode
 * strings; placeholders), and what the reader must survive (nested lists and mappings).
 */
final class StudyValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StudyValues() {
    }

    static Arbitrary<JsonNode> any() {
        Arbitrary<JsonNode> one = scalars();
        Arbitrary<JsonNode> lists = one.list().ofMaxSize(4).map(values -> NODES.arrayNode().addAll(values));
        Arbitrary<JsonNode> mappings = Arbitraries.maps(keys(), one).ofMaxSize(3)
                .map(fields -> NODES.objectNode().setAll(fields));
        return Arbitraries.frequencyOf(Tuple.of(6, one), Tuple.of(2, lists), Tuple.of(2, mappings));
    }

    static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_001L, 2_147_483_648L)
                        .map(NODES::numberNode),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-320, 1e308,
                        0.5).map(NODES::numberNode),
                Arbitraries.of(new BigInteger("123456789012345678901234567890"), BigInteger.TWO.pow(64).negate())
                        .map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400")).map(NODES::numberNode),
                strings().map(NODES::textNode));
    }

    static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("name", "parameters", "grid", "zip", "points", "csv", "csvFile", "space", "sample",
                        "constants", "template", "command", "builtin", "files", "environment", "timeout", "keep",
                        "outputs", "json", "regex", "file", "policy", "maxParallel", "retries", "stages", "uses",
                        "product", "chain", "linspace", "range", "method", "budget", "dimensions", "float", "x"),
                Arbitraries.strings().ofMaxLength(6));
    }

    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().ofMaxLength(12)),
                Tuple.of(4, Arbitraries.of("", " ", "\t", "x", "-5s", "0s", "1e9h", "999999999999d", "sobol", "lhs",
                        "all", "none", "noop", "{{ x }}", "{{ nope }}", "{{", "{{ x | %q }}", "(?<e>", "../../etc",
                        "/etc/passwd", "a,b\n1", "\"", "~", "null", "\u0000", "\uD83D\uDE80", "\u202Eevil", "main")),
                // rare: a value past any sane size, each costs a copy of up to 200 kB
                Tuple.of(1, Arbitraries.integers().between(10_000, 200_000).map("y"::repeat)));
    }
}
