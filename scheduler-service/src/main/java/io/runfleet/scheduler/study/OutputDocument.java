package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One output collector, as the study writes it: exactly one of {@code {json: FILE}}, {@code {regex: PATTERN, file:
 * FILE}} (file defaults to stdout), {@code {keyvalue: FILE}}, {@code {table: FILE, column: NAME}} or {@code {hdf5:
 * FILE, datasets: {NAME: /PATH}}}, {@code {file: PATH, name: NAME}} (a file kept by reference) or {@code {plugin: NAME,
 * file: FILE, options: {...}}} (a parser of the agents' plugin path), with the kind's own fields, per-output rules in {@code values}, and, for an
 * entry of one output, its rule inline ({@code type}, {@code min}, {@code max}, {@code required}).
 * docs/study-format.md describes every field.
 */
public record OutputDocument(
        String json,
        String regex,
        String file,
        String keyvalue,
        String table,
        String hdf5,
        List<String> names,
        String delimiter,
        String comments,
        Integer skiprows,
        Boolean header,
        List<String> columns,
        String column,
        String row,
        String reduce,
        String name,
        LinkedHashMap<String, String> datasets,
        LinkedHashMap<String, ValueDocument> values,
        String type,
        Double min,
        Double max,
        Boolean required,
        String plugin,
        LinkedHashMap<String, Object> options) {

    /** What one named output must be: {@code {type: float|int|string|list, min, max, required}}. */
    public record ValueDocument(String type, Double min, Double max, Boolean required) {
    }

    /** The fields the entry sets, by their name in the study, in declaration order. */
    Map<String, Object> given() {
        Map<String, Object> given = new LinkedHashMap<>();
        Object[] all = {json, regex, file, keyvalue, table, hdf5, names, delimiter, comments, skiprows, header,
                columns, column, row, reduce, name, datasets, values, type, min, max, required, plugin, options};
        var components = OutputDocument.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (all[i] != null) {
                given.put(components[i].getName(), all[i]);
            }
        }
        return given;
    }
}
