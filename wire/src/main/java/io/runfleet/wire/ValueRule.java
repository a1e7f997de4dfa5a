package io.runfleet.wire;

/**
 * What one named output must be. A value that breaks its rule fails the run, naming the output and its file.
 *
 * @param type     {@link #FLOAT}, {@link #INT}, {@link #STRING}, {@link #LIST}, or null for any value
 * @param min      the least allowed value of a number (inclusive); null for none
 * @param max      the greatest allowed value of a number (inclusive); null for none
 * @param required false when the run may succeed without this output
 */
public record ValueRule(String type, Double min, Double max, boolean required) {

    public static final String FLOAT = "float";
    public static final String INT = "int";
    public static final String STRING = "string";
    public static final String LIST = "list";
}
