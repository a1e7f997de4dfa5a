package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code parameters.csv}: CSV text (RFC 4180: comma separated, fields in double quotes may hold commas, line
 * breaks and doubled quotes) whose first line names the parameters. Blank lines are skipped; spaces around a field
 * are dropped. An unquoted field is typed: an integer, a decimal, {@code true} or {@code false} (any case), empty ->
 * null, anything else a string. A quoted field is always the string written inside the quotes, so {@code "007"} stays
 * text and {@code ""} is the empty string.
 */
final class PointsCsv {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");

    private final String text;
    private int position;
    private int line = 1;

    private PointsCsv(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A field as read: its text and whether it was quoted. */
    private record Field(String text, boolean quoted) {
    }

    /**
     * @throws IllegalArgumentException naming the line and what to fix
     */
    static Parsed parse(String text) {
        return new PointsCsv(text).parseAll();
    }

    /** The header's names and one point per data line. */
    record Parsed(List<String> names, List<Map<String, Object>> points) {
    }

    private Parsed parseAll() {
        skipBlankLines();
        int headerLine = line;
        List<Field> header = nextRecord();
        if (header == null) {
            throw new IllegalArgumentException("no header line; the first line names the parameters, as in "
                    + "\"x,y\\n1,2\\n3,4\\n\"");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Field field : header) {
            if (field.text().isEmpty()) {
                throw new IllegalArgumentException("line " + headerLine + " (the header) has an empty column name; "
                        + "name every column");
            }
            if (!seen.add(field.text())) {
                throw new IllegalArgumentException("line " + headerLine + " (the header) names '" + field.text()
                        + "' twice; give every column its own name");
            }
            names.add(field.text());
        }
        List<Map<String, Object>> points = new ArrayList<>();
        while (true) {
            skipBlankLines();
            int recordLine = line;
            List<Field> fields = nextRecord();
            if (fields == null) {
                break;
            }
            if (fields.size() != names.size()) {
                throw new IllegalArgumentException("line " + recordLine + " has " + fields.size() + " values but the "
                        + "header names " + names.size() + " parameters " + names + "; give one value per column "
                        + "(leave a value empty for null)");
            }
            Map<String, Object> point = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                point.put(names.get(i), typed(fields.get(i), recordLine, names.get(i)));
            }
            points.add(point);
        }
        return new Parsed(names, points);
    }

    private void skipBlankLines() {
        while (position < text.length()) {
            int end = position;
            while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                end++;
            }
            if (end < text.length() && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
                position = end;
                consumeLineBreak();
            } else {
                if (end >= text.length()) {
                    position = end;
                }
                return;
            }
        }
    }

    /** The next record's fields, or null at the end of the text. */
    private List<Field> nextRecord() {
        skipBlankLines();
        if (position >= text.length()) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        while (true) {
            fields.add(nextField());
            if (position >= text.length()) {
                return fields;
            }
            char separator = text.charAt(position);
            if (separator == ',') {
                position++;
            } else {
                consumeLineBreak();
                return fields;
            }
        }
    }

    private Field nextField() {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == '"') {
            int startLine = line;
            position++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw new IllegalArgumentException("line " + startLine + " has a quoted value that is never "
                            + "closed; end it with \" (write a quote inside a quoted value as \"\")");
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    if (position < text.length() && text.charAt(position) == '"') {
                        value.append('"');
                        position++;
                    } else {
                        break;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    value.append(c);
                }
            }
            skipSpaces();
            if (position < text.length() && !isSeparatorOrLineBreak(text.charAt(position))) {
                throw new IllegalArgumentException("line " + line + " has text after a closing quote; quote the "
                        + "whole value, as in \"a \"\"b\"\" c\"");
            }
            return new Field(value.toString(), true);
        }
        int start = position;
        while (position < text.length() && !isSeparatorOrLineBreak(text.charAt(position))) {
            if (text.charAt(position) == '"') {
                throw new IllegalArgumentException("line " + line + " has a quote inside an unquoted value; quote "
                        + "the whole value and double the quote, as in \"say \"\"hi\"\"\"");
            }
            position++;
        }
        return new Field(text.substring(start, position).trim(), false);
    }

    private void skipSpaces() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }

    private void consumeLineBreak() {
        if (text.charAt(position) == '\r') {
            position++;
            if (position < text.length() && text.charAt(position) == '\n') {
                position++;
            }
        } else {
            position++;
        }
        line++;
    }

    private static boolean isSeparatorOrLineBreak(char c) {
        return c == ',' || c == '\n' || c == '\r';
    }

    private static Object typed(Field field, int line, String column) {
        String text = field.text();
        if (field.quoted()) {
            return text;
        }
        if (text.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                return ParameterValues.integer(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + line + ", column " + column + ": integer " + text
                        + " is too large; the limit is " + Long.MAX_VALUE + ", quote it to keep it as text");
            }
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
