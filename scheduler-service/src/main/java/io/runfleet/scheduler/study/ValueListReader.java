package io.runfleet.scheduler.study;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a list of parameter values wherever one is expected (grid and zip entries, choice): a list as written, or
 * one of the helpers {@code {linspace: [start, stop, num]}}, {@code {logspace: [start, stop, num]}},
 * {@code {range: [start, stop, step]}}.
 */
final class ValueListReader {

    private static final String HELPERS = "{linspace: [start, stop, num]}, {logspace: [start, stop, num]} or "
            + "{range: [start, stop, step]}";

    private final Problems problems;
    private final int maxValues;

    /**
     * @param maxValues most values one helper may give: a longer list would make the study exceed its run limit
     */
    ValueListReader(Problems problems, long maxValues) {
        this.problems = problems;
        this.maxValues = (int) Math.min(maxValues, Integer.MAX_VALUE - 8);
    }

    /**
     * @param example a parameter name for the messages' examples
     * @return the values, or null after reporting why there are none
     */
    List<Object> read(String field, String example, Object written) {
        if (written == null || (written instanceof List<?> list && list.isEmpty())) {
            problems.add(field, "empty list; give at least one value, as in " + example + ": [1, 2]");
            return null;
        }
        if (written instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list);
            for (int i = 0; i < values.size(); i++) {
                ParameterValues.checkValue(problems, field + "[" + i + "]", values.get(i));
            }
            return values;
        }
        if (written instanceof Map<?, ?> helper) {
            return helper(field, helper);
        }
        problems.add(field, "one value where a list belongs; write [" + written + "], or give a helper: " + HELPERS);
        return null;
    }

    private List<Object> helper(String field, Map<?, ?> helper) {
        if (helper.size() != 1) {
            problems.add(field, "a mapping here must be one helper, not " + helper.keySet() + "; give " + HELPERS);
            return null;
        }
        Map.Entry<?, ?> entry = helper.entrySet().iterator().next();
        String name = String.valueOf(entry.getKey());
        String helperField = field + "." + name;
        List<?> arguments = entry.getValue() instanceof List<?> list ? list : null;
        return switch (name) {
            case "linspace" -> spaced(helperField, arguments, false);
            case "logspace" -> spaced(helperField, arguments, true);
            case "range" -> range(helperField, arguments);
            default -> {
                problems.add(field, "unknown helper '" + name + "'; give a list of values or " + HELPERS);
                yield null;
            }
        };
    }

    private List<Object> spaced(String field, List<?> arguments, boolean log) {
        String usage = log
                ? "give [start, stop, num] (exponents of 10, num an integer >= 1), as in {logspace: [-3, 0, 4]} for "
                + "0.001, 0.01, 0.1, 1.0"
                : "give [start, stop, num] (num an integer >= 1, stop included), as in {linspace: [0, 1, 5]} for "
                + "0.0, 0.25, 0.5, 0.75, 1.0";
        if (arguments == null || arguments.size() != 3 || !isFiniteNumber(arguments.get(0))
                || !isFiniteNumber(arguments.get(1)) || !isInteger(arguments.get(2))) {
            problems.add(field, "expects three numbers: " + usage);
            return null;
        }
        double start = ((Number) arguments.get(0)).doubleValue();
        double stop = ((Number) arguments.get(1)).doubleValue();
        long num = ((Number) arguments.get(2)).longValue();
        if (num < 1) {
            problems.add(field, "num is " + num + "; " + usage);
            return null;
        }
        if (num > maxValues) {
            problems.add(field, tooMany(num));
            return null;
        }
        if (log && (Math.max(start, stop) > 308 || Math.min(start, stop) < -307)) {
            problems.add(field, "10^" + (start > 308 || start < -307 ? start : stop) + " is outside the range of "
                    + "decimal numbers; keep the exponents between -307 and 308");
            return null;
        }
        return log ? ValueHelpers.logspace(start, stop, (int) num) : ValueHelpers.linspace(start, stop, (int) num);
    }

    private List<Object> range(String field, List<?> arguments) {
        String usage = "give integers [stop], [start, stop] or [start, stop, step] (stop excluded, as in Python), "
                + "as in {range: [0, 10, 2]} for 0, 2, 4, 6, 8; for decimal steps use {linspace: [start, stop, num]}";
        if (arguments == null || arguments.isEmpty() || arguments.size() > 3
                || !arguments.stream().allMatch(ValueListReader::isInteger)) {
            problems.add(field, "expects one to three integers: " + usage);
            return null;
        }
        long first = ((Number) arguments.get(0)).longValue();
        long start = arguments.size() == 1 ? 0 : first;
        long stop = arguments.size() == 1 ? first : ((Number) arguments.get(1)).longValue();
        long step = arguments.size() == 3 ? ((Number) arguments.get(2)).longValue() : 1;
        if (step == 0) {
            problems.add(field, "step is 0; " + usage);
            return null;
        }
        BigInteger length = ValueHelpers.rangeLength(start, stop, step);
        if (length.signum() == 0) {
            problems.add(field, "gives no values: from " + start + " up to " + stop + " in steps of " + step
                    + " there is nothing (stop is excluded); " + usage);
            return null;
        }
        if (length.compareTo(BigInteger.valueOf(maxValues)) > 0) {
            problems.add(field, tooMany(length));
            return null;
        }
        return ValueHelpers.range(start, step, length.intValue());
    }

    private String tooMany(Object count) {
        return "gives " + count + " values, more than the limit of " + maxValues + " runs per study "
                + "(runfleet.scheduler.max-runs-per-study); give fewer values or split the study";
    }

    private static boolean isFiniteNumber(Object value) {
        return value instanceof Number number && !(value instanceof BigInteger) && Double.isFinite(number.doubleValue());
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte;
    }
}
