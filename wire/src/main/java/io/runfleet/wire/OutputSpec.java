package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.Map;

/**
 * One output collector of a run.
 *
 * @param type    {@code json}: a JSON object file whose top-level fields become outputs;
 *                {@code regex}: a pattern with named groups, each group an output, matched against a file
 *                (last match wins); {@code keyvalue}: {@code name = value} or {@code name: value} lines;
 *                {@code table}: CSV or whitespace-separated columns; {@code hdf5}: datasets by path;
 *                {@code file}: a file kept by reference; {@code plugin}: a parser of the agent's plugin path
 * @param file    the file to read, relative to the run directory; {@code stdout} and {@code stderr} name
 *                the captured streams
 * @param pattern the regular expression, for {@code regex}
 * @param name    the one output a collector of one value produces (a table column, a file, a plugin's); null when
 *                the collector names its outputs itself (json, regex groups, keyvalue lines, hdf5 datasets)
 * @param options the kind's own options as the study wrote them (a table's columns, delimiter and reduction; an hdf5
 *                file's datasets; a plugin's name and options). Absent in older requests, which read as empty
 * @param values  rules per output name (type, bounds, required). Absent in older requests, which read as empty
 */
public record OutputSpec(
        String type,
        String file,
        String pattern,
        @JacksonInject(value = "name", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String name,
        @JacksonInject(value = "options", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        Map<String, Object> options,
        @JacksonInject(value = "values", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        Map<String, ValueRule> values) {

    public static final String JSON = "json";
    public static final String REGEX = "regex";
    public static final String KEYVALUE = "keyvalue";
    public static final String TABLE = "table";
    public static final String HDF5 = "hdf5";
    public static final String FILE = "file";
    public static final String PLUGIN = "plugin";
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    public OutputSpec {
        options = options == null ? Map.of() : options;
        values = NullFree.map(values, "values");
    }

    /** A json or regex collector without rules. */
    public OutputSpec(String type, String file, String pattern) {
        this(type, file, pattern, null, null, null);
    }
}
