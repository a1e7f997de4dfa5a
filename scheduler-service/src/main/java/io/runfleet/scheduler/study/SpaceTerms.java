package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the leaves of a parameter space, at the top of {@code parameters} or inside {@code parameters.space}:
 * grids, zips, explicit points and CSV points. Every problem names its field.
 */
final class SpaceTerms {

    private final Problems problems;
    private final ValueListReader values;

    SpaceTerms(Problems problems, ValueListReader values) {
        this.problems = problems;
        this.values = values;
    }

    /** A grid: the product of one axis per parameter, first key varying slowest; never expanded up front. */
    Term grid(String field, Map<String, Object> grid) {
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        Map<String, String> definedAt = new LinkedHashMap<>();
        boolean valid = readLists(field, grid, lists, definedAt);
        if (!valid) {
            return Term.invalid(definedAt);
        }
        List<Space> axes = new ArrayList<>();
        lists.forEach((name, axis) -> axes.add(new ZipSpace(Map.of(name, axis))));
        return new Term(ProductSpace.of(axes), definedAt);
    }

    /** A zip: lists varied together; lists of different lengths are an error naming every length. */
    Term zip(String field, Map<String, Object> zip) {
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        Map<String, String> definedAt = new LinkedHashMap<>();
        boolean valid = readLists(field, zip, lists, definedAt);
        if (lists.values().stream().map(List::size).distinct().count() > 1) {
            problems.add(field, "lists have different lengths " + ZipSpace.lengths(lists)
                    + "; zip varies its parameters together, so give every list the same length "
                    + "(use grid for all combinations)");
            return Term.invalid(definedAt);
        }
        return valid ? new Term(new ZipSpace(lists), definedAt) : Term.invalid(definedAt);
    }

    private boolean readLists(String field, Map<String, Object> written, Map<String, List<Object>> lists,
                              Map<String, String> definedAt) {
        boolean valid = true;
        for (Map.Entry<String, Object> entry : written.entrySet()) {
            String name = entry.getKey();
            String listField = field + "." + name;
            ParameterValues.checkName(problems, listField, name);
            definedAt.put(name, listField);
            List<Object> list = values.read(listField, name, entry.getValue());
            if (list == null) {
                valid = false;
            } else {
                lists.put(name, list);
            }
        }
        return valid;
    }

    /** Explicit points, each a mapping with the same parameters. */
    Term points(String field, List<? extends Map<String, Object>> points) {
        Set<String> firstKeys = null;
        Map<String, String> definedAt = new LinkedHashMap<>();
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            String pointField = field + "[" + i + "]";
            Map<String, Object> point = points.get(i);
            if (point == null) {
                problems.add(pointField, "empty point; give a mapping such as {x: 1}");
                continue;
            }
            if (firstKeys == null) {
                firstKeys = point.keySet();
            } else if (!firstKeys.equals(point.keySet())) {
                problems.add(pointField, "has parameters " + point.keySet() + " but " + field + "[0] has "
                        + firstKeys + "; give every point the same parameters (null for no value)");
            }
            for (Map.Entry<String, Object> entry : point.entrySet()) {
                String valueField = pointField + "." + entry.getKey();
                if (!definedAt.containsKey(entry.getKey())) {
                    ParameterValues.checkName(problems, valueField, entry.getKey());
                    definedAt.put(entry.getKey(), valueField);
                }
                ParameterValues.checkValue(problems, valueField, entry.getValue());
            }
            result.add(point);
        }
        return new Term(new ListSpace(result), definedAt);
    }

    /** Points from CSV text with a header line ({@link PointsCsv}). */
    Term csv(String field, String text) {
        PointsCsv.Parsed parsed;
        try {
            parsed = PointsCsv.parse(Objects.requireNonNullElse(text, ""));
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
            return Term.invalid(Map.of());
        }
        Map<String, String> definedAt = new LinkedHashMap<>();
        for (String name : parsed.names()) {
            ParameterValues.checkName(problems, field, name);
            definedAt.put(name, field);
        }
        if (parsed.points().isEmpty()) {
            problems.add(field, "has a header but no lines of values; add one line per point below the header");
            return Term.invalid(definedAt);
        }
        return new Term(new ListSpace(parsed.points()), definedAt);
    }
}
