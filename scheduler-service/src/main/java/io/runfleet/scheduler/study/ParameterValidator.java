package io.runfleet.scheduler.study;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the parameter space of a study and builds its {@link ParameterSpace}. */
final class ParameterValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    /** Parameter name -> the component that defines it, to find a name defined twice. */
    private final Map<String, String> owners = new LinkedHashMap<>();

    ParameterValidator(Problems problems) {
        this.problems = problems;
    }

    /** Every parameter and constant name seen, valid or not. */
    Set<String> names() {
        return owners.keySet();
    }

    ParameterSpace validate(ParametersDocument parameters) {
        if (parameters == null) {
            return new ParameterSpace(List.of(), Map.of());
        }
        List<List<Map<String, Object>>> components = new ArrayList<>();
        if (parameters.grid() != null) {
            checkLists("parameters.grid", parameters.grid());
            components.add(ParameterSpace.gridPoints(nonNullLists(parameters.grid())));
        }
        if (parameters.zip() != null) {
            checkLists("parameters.zip", parameters.zip());
            checkSameLength(parameters.zip());
            components.add(ParameterSpace.zipPoints(nonNullLists(parameters.zip())));
        }
        if (parameters.points() != null) {
            components.add(checkPoints(parameters.points()));
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        if (parameters.constants() != null) {
            parameters.constants().forEach((name, value) -> {
                String field = "parameters.constants." + name;
                claim(name, "parameters.constants", field);
                checkValue(field, value);
                constants.put(name, value);
            });
        }
        return new ParameterSpace(components, constants);
    }

    private void checkLists(String component, Map<String, List<Object>> lists) {
        lists.forEach((name, values) -> {
            String field = component + "." + name;
            claim(name, component, field);
            if (values == null || values.isEmpty()) {
                problems.add(field, "empty list; give at least one value, as in " + name + ": [1, 2]");
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                checkValue(field + "[" + i + "]", values.get(i));
            }
        });
    }

    private void checkSameLength(Map<String, List<Object>> zip) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        zip.forEach((name, values) -> lengths.put(name, values == null ? 0 : values.size()));
        if (lengths.values().stream().distinct().count() > 1) {
            problems.add("parameters.zip", "lists have different lengths " + lengths
                    + "; zip varies its parameters together, so give every list the same length "
                    + "(use grid for all combinations)");
        }
    }

    private List<Map<String, Object>> checkPoints(List<LinkedHashMap<String, Object>> points) {
        Set<String> firstKeys = null;
        Set<String> claimed = new LinkedHashSet<>();
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            String field = "parameters.points[" + i + "]";
            Map<String, Object> point = points.get(i);
            if (point == null) {
                problems.add(field, "empty point; give a mapping such as {x: 1}");
                continue;
            }
            if (firstKeys == null) {
                firstKeys = point.keySet();
            } else if (!firstKeys.equals(point.keySet())) {
                problems.add(field, "has parameters " + point.keySet() + " but parameters.points[0] has "
                        + firstKeys + "; give every point the same parameters");
            }
            for (Map.Entry<String, Object> entry : point.entrySet()) {
                if (claimed.add(entry.getKey())) {
                    claim(entry.getKey(), "parameters.points", field + "." + entry.getKey());
                }
                checkValue(field + "." + entry.getKey(), entry.getValue());
            }
            result.add(point);
        }
        return result;
    }

    private void claim(String name, String component, String field) {
        if (!NAME.matcher(name).matches()) {
            problems.add(field, "parameter name '" + name
                    + "' is not allowed; use letters, digits and _ and start with a letter or _");
        }
        String owner = owners.putIfAbsent(name, component);
        if (owner != null) {
            problems.add(field, "parameter '" + name + "' is also defined in " + owner
                    + "; define each parameter in one component only");
        }
    }

    private void checkValue(String field, Object value) {
        if (value == null) {
            problems.add(field, "no value; give a string, number or boolean");
        } else if (value instanceof BigInteger) {
            problems.add(field, "integer " + value + " is too large; the limit is " + Long.MAX_VALUE
                    + ", write it as a string or a decimal number");
        } else if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            problems.add(field, "a parameter value must be a string, number or boolean, not a "
                    + (value instanceof List ? "list" : "mapping"));
        }
    }

    private static Map<String, List<Object>> nonNullLists(Map<String, List<Object>> lists) {
        Map<String, List<Object>> result = new LinkedHashMap<>();
        lists.forEach((name, values) -> result.put(name, values == null ? List.of() : values));
        return result;
    }
}
