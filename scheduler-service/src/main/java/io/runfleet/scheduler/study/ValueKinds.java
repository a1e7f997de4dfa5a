package io.runfleet.scheduler.study;

import io.runfleet.wire.template.RunRendering;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of value each parameter takes (integers, whole decimals, other decimals, text, ...), with the first few
 * values of each kind. Whether a placeholder's format fits a value depends on the value's kind alone (formats apply
 * as Python's {@code %} does: {@code %.3f} fits every number, {@code %x} whole numbers, no numeric format fits text),
 * so rendering one value of each kind checks every run of a study without rendering each run. Collecting the kinds
 * costs one pass over each leaf of the parameter space ({@link ParameterSpace#eachValue}), never the product.
 */
final class ValueKinds {

    /** Enough examples to recognise the values in a message; the count says how many there are. */
    private static final int EXAMPLES = 3;

    enum Kind {
        INTEGER("integer"), WHOLE_DECIMAL("whole decimal"), DECIMAL("decimal"), NOT_A_NUMBER("NaN or infinite"),
        TEXT("text"), BOOLEAN("boolean"), OTHER("other");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** The values of one kind a parameter takes: the first few, and how many. */
    static final class Values {
        private final Kind kind;
        private final List<Object> examples = new ArrayList<>();
        private long count;

        Values(Kind kind) {
            this.kind = kind;
        }

        Object first() {
            return examples.get(0);
        }

        /** {@code 2 text values: abc, def} */
        String describe() {
            List<String> shown = examples.stream().map(value -> value instanceof String ? "'" + value + "'"
                    : String.valueOf(value)).toList();
            return count + " " + kind.words + (count == 1 ? " value: " : " values: ") + String.join(", ", shown)
                    + (count > examples.size() ? ", ..." : "");
        }

        private void add(Object value) {
            count++;
            if (examples.size() < EXAMPLES && !examples.contains(value)) {
                examples.add(value);
            }
        }
    }

    private final Map<String, Map<Kind, Values>> byName = new HashMap<>();

    /** The built-in names with values of the kinds a run gives them: run.seq and run.attempt integers, others text. */
    static ValueKinds builtIns() {
        ValueKinds kinds = new ValueKinds();
        RunRendering.values(Map.of(), "study", "run", 0, 1, "run-dir").forEach(kinds::add);
        return kinds;
    }

    /** Adds every value of {@code space}; null is left out, since it renders as empty text whatever the format. */
    ValueKinds addAll(ParameterSpace space) {
        space.eachValue(this::add);
        return this;
    }

    void add(String name, Object value) {
        if (value != null) {
            Kind kind = kindOf(value);
            byName.computeIfAbsent(name, any -> new EnumMap<>(Kind.class))
                    .computeIfAbsent(kind, Values::new).add(value);
        }
    }

    /** The kinds of value {@code name} takes; none for a name without values (an output of an earlier stage). */
    Collection<Values> of(String name) {
        return byName.getOrDefault(name, Map.of()).values();
    }

    private static Kind kindOf(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte) {
            return Kind.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                return Kind.NOT_A_NUMBER;
            }
            return number == Math.rint(number) ? Kind.WHOLE_DECIMAL : Kind.DECIMAL;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0 ? Kind.WHOLE_DECIMAL : Kind.DECIMAL;
        }
        if (value instanceof String) {
            return Kind.TEXT;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        return Kind.OTHER;
    }
}
