package io.runfleet.wire;

/**
 * One output collector of a run.
 *
 * @param type    {@code json}: a JSON object file whose top-level fields become outputs;
 *                {@code regex}: a pattern with named groups, each group an output, matched against a file
 *                (last match wins)
 * @param file    the file to read, relative to the run directory; {@code stdout} and {@code stderr} name
 *                the captured streams
 * @param pattern the regular expression, for {@code regex}
 */
public record OutputSpec(String type, String file, String pattern) {

    public static final String JSON = "json";
    public static final String REGEX = "regex";
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
}
