package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the outputs of one entry to the entry's {@link ValueRule}s: a required output that is missing, a value of
 * the wrong type or one out of bounds fails the run, naming the output and its file. Values are converted to their
 * rule's type: a float is a {@code Double}, an int a {@code Long}, a string the text, a list a {@code List}; a list's
 * numbers are held to its bounds one by one. Outputs without a rule pass as parsed.
 */
final class ValueRules {

    private ValueRules() {
    }

    static Map<String, Object> apply(OutputSpec spec, Map<String, Object> parsed) throws OutputException {
        if (spec.values().isEmpty()) {
            return parsed;
        }
        OutputSource source = OutputSource.of(spec);
        Map<String, Object> checked = new LinkedHashMap<>(parsed);
        for (Map.Entry<String, ValueRule> entry : spec.values().entrySet()) {
            String name = entry.getKey();
            ValueRule rule = entry.getValue();
            Object value = parsed.get(name);
            if (value == null) {
                if (rule.required()) {
                    throw source.fail(name, "missing, and it is required; mark it required: false if a run may "
                            + "succeed without it");
                }
                continue;
            }
            checked.put(name, typed(source, name, rule, value));
        }
        return checked;
    }

    /** Text as a rule of type string keeps it, else as a number where it looks like one. */
    static Object textValue(OutputSpec spec, String name, String text) {
        ValueRule rule = spec.values().get(name);
        return rule != null && ValueRule.STRING.equals(rule.type()) ? text : NumericText.valueOf(text);
    }

    private static Object typed(OutputSource source, String name, ValueRule rule, Object value)
            throws OutputException {
        String type = rule.type() == null ? "" : rule.type();
        switch (type) {
            case ValueRule.STRING -> {
                return value instanceof List<?> || value instanceof Map<?, ?>
                        ? failType(source, name, "a string", value) : String.valueOf(value);
            }
            case ValueRule.LIST -> {
                if (!(value instanceof List<?> list)) {
                    return failType(source, name, "a list", value);
                }
                List<Object> items = new ArrayList<>(list.size());
                for (Object item : list) {
                    items.add(item instanceof Number number ? bounded(source, name, rule, number) : item);
                }
                return items;
            }
            case ValueRule.FLOAT -> {
                return bounded(source, name, rule, number(source, name, value, "a float")).doubleValue();
            }
            case ValueRule.INT -> {
                Number number = bounded(source, name, rule, number(source, name, value, "an int"));
                double whole = number.doubleValue();
                if (number instanceof Double && (whole != Math.rint(whole) || Double.isInfinite(whole))) {
                    return failType(source, name, "an int", value);
                }
                return number.longValue();
            }
            default -> {
                return value instanceof Number number ? bounded(source, name, rule, number) : value;
            }
        }
    }

    private static Number number(OutputSource source, String name, Object value, String what)
            throws OutputException {
        Object number = value instanceof String text ? NumericText.valueOf(text) : value;
        if (number instanceof Number n) {
            return n;
        }
        return (Number) failType(source, name, what, value);
    }

    private static Number bounded(OutputSource source, String name, ValueRule rule, Number number)
            throws OutputException {
        double value = number.doubleValue();
        if (rule.min() != null && !(value >= rule.min())) {
            throw source.fail(name, number + " is below its min " + rule.min());
        }
        if (rule.max() != null && !(value <= rule.max())) {
            throw source.fail(name, number + " is above its max " + rule.max());
        }
        return number;
    }

    private static Object failType(OutputSource source, String name, String what, Object value)
            throws OutputException {
        String shown = String.valueOf(value);
        throw source.fail(name, "'" + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown) + "' is not "
                + what + ", as its rule's type says; fix what the command writes, or change the type");
    }
}
