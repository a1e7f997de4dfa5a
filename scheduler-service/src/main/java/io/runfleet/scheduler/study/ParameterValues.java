package io.runfleet.scheduler.study;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;

/** What a parameter may be called and what values it may take. */
final class ParameterValues {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ParameterValues() {
    }

    static void checkName(Problems problems, String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(field, "parameter name '" + name
                    + "' is not allowed; use letters, digits and _ and start with a letter or _");
        }
    }

    /** A value is a string, a number (integers up to 64 bits), a boolean or null (no value, psweep's None). */
    static void checkValue(Problems problems, String field, Object value) {
        if (value instanceof BigInteger) {
            problems.add(field, "integer " + value + " is too large; the limit is " + Long.MAX_VALUE
                    + ", write it as a string or a decimal number");
        } else if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            problems.add(field, "a parameter value must be a string, number, boolean or null, not a "
                    + (value instanceof List ? "list" : "mapping"));
        }
    }

    /** An integer as it would be read from the document: an int when it fits, else a long. */
    static Object integer(long value) {
        return value == (int) value ? (Object) (int) value : (Object) value;
    }
}
