package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RegexGroups;
import io.runfleet.wire.ValueRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a study's output collectors and turns them into {@link OutputSpec}s. */
final class OutputValidator {

    private static final String KINDS = "{json: FILE}, {regex: PATTERN, file: FILE}, {keyvalue: FILE}, "
            + "{table: FILE, column: NAME}, {hdf5: FILE, datasets: {NAME: /PATH}}, {file: PATH, name: NAME} or "
            + "{plugin: NAME}";
    private static final Set<String> RULE_FIELDS = Set.of("values", "type", "min", "max", "required");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            OutputSpec.JSON, Set.of("json"),
            OutputSpec.REGEX, Set.of("regex", "file"),
            OutputSpec.KEYVALUE, Set.of("keyvalue", "names", "comments"),
            OutputSpec.TABLE, Set.of("table", "delimiter", "comments", "skiprows", "header", "names", "columns",
                    "column", "row", "reduce", "name"),
            OutputSpec.HDF5, Set.of("hdf5", "datasets"));
    private static final Set<String> REDUCTIONS = Set.of("min", "max", "mean", "last");
    private static final Set<String> TYPES = Set.of(ValueRule.FLOAT, ValueRule.INT, ValueRule.STRING, ValueRule.LIST);
    private static final Pattern ROW = Pattern.compile("last|-?\\d+");

    private final Problems problems;
    /** Where the list sits in the document: {@code outputs}, or {@code stages[0].outputs}. */
    private final String section;

    OutputValidator(Problems problems) {
        this(problems, "outputs");
    }

    OutputValidator(Problems problems, String section) {
        this.problems = problems;
        this.section = section;
    }

    List<OutputSpec> validate(List<OutputDocument> outputs) {
        List<OutputSpec> specs = new ArrayList<>();
        if (outputs == null) {
            return specs;
        }
        for (int i = 0; i < outputs.size(); i++) {
            String field = section + "[" + i + "]";
            OutputDocument output = outputs.get(i);
            if (ReferenceOutputs.applies(output)) {
                checkReferenceFields(field, output);
                specs.add(new ReferenceOutputs(problems).validate(field, output));
                continue;
            }
            List<String> kinds = output == null ? List.of() : FIELDS.keySet().stream()
                    .filter(kind -> output.given().containsKey(kind)).sorted().toList();
            if (kinds.size() != 1) {
                problems.add(field, (kinds.isEmpty() ? "no output kind" : "kinds " + String.join(" and ", kinds)
                        + " in one entry") + "; give exactly one of " + KINDS);
                continue;
            }
            OutputSpec spec = switch (kinds.get(0)) {
                case OutputSpec.JSON -> json(field, output);
                case OutputSpec.REGEX -> regex(field, output);
                case OutputSpec.KEYVALUE -> keyvalue(field, output);
                case OutputSpec.TABLE -> table(field, output);
                default -> hdf5(field, output);
            };
            checkFields(field, kinds.get(0), output);
            specs.add(withRules(field, output, spec));
        }
        return specs;
    }

    /** The outputs a regex output produces: its named groups, as the study names them. */
    static Set<String> groupNames(String regex) {
        try {
            return new LinkedHashSet<>(RegexGroups.of(regex).outputs());
        } catch (RegexGroups.InvalidName e) {
            return new LinkedHashSet<>();
        }
    }

    /**
     * The names an output produces, when the study fixes them; empty when only the run tells (a JSON file's fields,
     * a keyvalue file without {@code names}).
     */
    static Optional<Set<String>> outputNames(OutputSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        switch (spec.type() == null ? "" : spec.type()) {
            case OutputSpec.REGEX -> names.addAll(groupNames(spec.pattern()));
            case OutputSpec.KEYVALUE, OutputSpec.TABLE -> {
                if (spec.name() != null) {
                    names.add(spec.name());
                } else if (spec.options().get(spec.type().equals(OutputSpec.TABLE) ? "columns" : "names")
                        instanceof List<?> list) {
                    list.forEach(name -> names.add(String.valueOf(name)));
                } else {
                    return Optional.empty();
                }
            }
            case OutputSpec.HDF5 -> {
                if (spec.options().get("datasets") instanceof Map<?, ?> datasets) {
                    datasets.keySet().forEach(name -> names.add(String.valueOf(name)));
                }
            }
            default -> {
                if (spec.name() == null) {
                    return Optional.empty();
                }
                names.add(spec.name());
            }
        }
        return Optional.of(names);
    }

    private OutputSpec json(String field, OutputDocument output) {
        if (output.json().isBlank()) {
            problems.add(field + ".json", "empty file name; give the JSON file to read, as in result.json");
        }
        return new OutputSpec(OutputSpec.JSON, output.json(), null);
    }

    private OutputSpec regex(String field, OutputDocument output) {
        checkRegex(field + ".regex", output.regex());
        String file = output.file() == null ? OutputSpec.STDOUT : output.file();
        return new OutputSpec(OutputSpec.REGEX, file, output.regex());
    }

    private OutputSpec keyvalue(String field, OutputDocument output) {
        requireFile(field + ".keyvalue", output.keyvalue(), "log.txt");
        Map<String, Object> options = new LinkedHashMap<>();
        if (output.names() != null) {
            options.put("names", distinctNames(field + ".names", output.names()));
        }
        putComments(field, output, options);
        return new OutputSpec(OutputSpec.KEYVALUE, output.keyvalue(), null, null, options, null);
    }

    private OutputSpec table(String field, OutputDocument output) {
        requireFile(field + ".table", output.table(), "data.txt");
        Map<String, Object> options = new LinkedHashMap<>();
        if (output.delimiter() != null) {
            if (output.delimiter().isEmpty()) {
                problems.add(field + ".delimiter", "empty; leave it out for whitespace-separated columns, or give "
                        + "',' for CSV");
            }
            options.put("delimiter", output.delimiter());
        }
        putComments(field, output, options);
        if (output.skiprows() != null) {
            if (output.skiprows() < 0) {
                problems.add(field + ".skiprows", output.skiprows() + " is negative; give the number of lines to "
                        + "skip at the top of the file, 0 or more");
            }
            options.put("skiprows", output.skiprows());
        }
        if (output.header() != null) {
            options.put("header", output.header());
        }
        List<String> names = null;
        if (output.names() != null) {
            names = distinctNames(field + ".names", output.names());
            options.put("names", names);
        }
        List<String> columns = columns(field, output, names);
        options.put("columns", columns);
        if (output.row() != null && output.reduce() != null) {
            problems.add(field + ".row", "give row or reduce, not both; row: last is reduce: last");
        }
        if (output.row() != null) {
            if (!ROW.matcher(output.row()).matches()) {
                problems.add(field + ".row", "'" + output.row() + "' is not a row; give last, or a row number "
                        + "(0 is the first data row, -1 the last)");
            }
            options.put("row", output.row());
        }
        if (output.reduce() != null) {
            if (!REDUCTIONS.contains(output.reduce())) {
                problems.add(field + ".reduce", "'" + output.reduce() + "' is not a reduction; give one of last, "
                        + "max, mean, min");
            }
            options.put("reduce", output.reduce());
        }
        String name = output.name();
        if (name != null && output.column() == null) {
            problems.add(field + ".name", "names the output of one column; use it with column: NAME, or leave "
                    + "it out and the outputs take their columns' names");
        }
        if (name == null && columns.size() == 1) {
            name = columns.get(0);
        }
        return new OutputSpec(OutputSpec.TABLE, output.table(), null, name, options, null);
    }

    private List<String> columns(String field, OutputDocument output, List<String> names) {
        if ((output.columns() == null) == (output.column() == null)) {
            problems.add(field + ".column", (output.column() == null ? "missing" : "given with columns")
                    + "; give the one column to read, as in column: loss, or a list, as in columns: [loss, acc]");
            return output.column() == null ? List.of() : List.of(output.column());
        }
        List<String> columns = output.column() != null ? List.of(output.column())
                : distinctNames(field + ".columns", output.columns());
        if (columns.isEmpty()) {
            problems.add(field + ".columns", "empty; name at least one column");
        }
        for (int c = 0; c < columns.size() && names != null; c++) {
            if (!names.contains(columns.get(c))) {
                problems.add(field + (output.column() != null ? ".column" : ".columns[" + c + "]"), "'"
                        + columns.get(c) + "' is not among the names given (" + String.join(", ", names)
                        + "); name one of them");
            }
        }
        return columns;
    }

    private OutputSpec hdf5(String field, OutputDocument output) {
        requireFile(field + ".hdf5", output.hdf5(), "result.h5");
        Map<String, Object> options = new LinkedHashMap<>();
        if (output.datasets() == null || output.datasets().isEmpty()) {
            problems.add(field + ".datasets", "missing; map each output to its dataset's path in the file, as in "
                    + "datasets: {energy: /results/energy}");
        } else {
            output.datasets().forEach((name, path) -> {
                if (path == null || path.isBlank()) {
                    problems.add(field + ".datasets." + name, "no dataset path; give the path in the file, as in "
                            + "/results/" + name);
                }
            });
            options.put("datasets", new LinkedHashMap<>(output.datasets()));
        }
        return new OutputSpec(OutputSpec.HDF5, output.hdf5(), null, null, options, null);
    }

    private void putComments(String field, OutputDocument output, Map<String, Object> options) {
        if (output.comments() != null) {
            if (output.comments().isEmpty()) {
                problems.add(field + ".comments", "empty; leave it out for # comments, or give the text that "
                        + "starts a comment, as in '%'");
            }
            options.put("comments", output.comments());
        }
    }

    private void requireFile(String field, String file, String example) {
        if (file.isBlank()) {
            problems.add(field, "empty file name; give the file to read, relative to the run directory, as in "
                    + example);
        }
    }

    private List<String> distinctNames(String field, List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        for (int n = 0; n < names.size(); n++) {
            String name = names.get(n);
            if (name == null || name.isBlank()) {
                problems.add(field + "[" + n + "]", "empty name; give the name as the file writes it");
            } else if (!seen.add(name)) {
                problems.add(field + "[" + n + "]", "'" + name + "' is named twice; name it once");
            }
        }
        return List.copyOf(seen);
    }

    /** Fields that belong to another kind of output. */
    /**
     * A file or plugin output takes its own few fields only: no inline rules, which it would not apply. (Its name,
     * required and options are checked by {@link ReferenceOutputs}, which says more about them.)
     */
    private void checkReferenceFields(String field, OutputDocument output) {
        String kind = output.plugin() != null ? OutputSpec.PLUGIN : OutputSpec.FILE;
        Set<String> allowed = Set.of("plugin", "file", "options", "name", "required");
        for (String given : output.given().keySet()) {
            if (!allowed.contains(given)) {
                problems.add(field + "." + given, "not a field of a " + kind + " output; remove it (a " + kind
                        + " output takes " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private void checkFields(String field, String kind, OutputDocument output) {
        for (String given : output.given().keySet()) {
            if (!FIELDS.get(kind).contains(given) && !RULE_FIELDS.contains(given)) {
                problems.add(field + "." + given, "not a field of a " + kind + " output; remove it (a " + kind
                        + " output takes " + String.join(", ", new java.util.TreeSet<>(FIELDS.get(kind)))
                        + ", and values, type, min, max, required)");
            }
        }
    }

    /** Adds the entry's value rules, the inline one keyed by the entry's single output. */
    private OutputSpec withRules(String field, OutputDocument output, OutputSpec spec) {
        Optional<Set<String>> names = outputNames(spec);
        Map<String, ValueRule> rules = new LinkedHashMap<>();
        boolean inline = output.type() != null || output.min() != null || output.max() != null
                || output.required() != null;
        if (inline) {
            if (names.isEmpty() || names.get().size() != 1) {
                problems.add(field + ".type", "type, min, max and required inline belong to an entry of one output"
                        + names.map(known -> " (this one has " + known.size() + ": " + String.join(", ", known)
                        + ")").orElse(" (this one names its outputs from the file)")
                        + "; give rules per output instead, as in values: {energy: {type: float, min: 0}}");
            } else {
                String only = names.get().iterator().next();
                rules.put(only, rule(field, new OutputDocument.ValueDocument(output.type(), output.min(),
                        output.max(), output.required())));
            }
        }
        if (output.values() != null) {
            output.values().forEach((name, value) -> {
                String at = field + ".values." + name;
                if (names.isPresent() && !names.get().contains(name)) {
                    problems.add(at, "'" + name + "' is not an output of this entry (its outputs: "
                            + String.join(", ", names.get()) + "); name one of them");
                } else if (rules.containsKey(name)) {
                    problems.add(at, "'" + name + "' has a rule inline too; give it once");
                } else if (value == null) {
                    problems.add(at, "empty; give its rule, as in {type: float, min: 0}");
                } else {
                    rules.put(name, rule(at, value));
                }
            });
        }
        if (rules.isEmpty()) {
            return spec;
        }
        return new OutputSpec(spec.type(), spec.file(), spec.pattern(), spec.name(), spec.options(), rules);
    }

    private ValueRule rule(String field, OutputDocument.ValueDocument value) {
        if (value.type() != null && !TYPES.contains(value.type())) {
            problems.add(field + ".type", "'" + value.type() + "' is not a type; give one of float, int, string, "
                    + "list");
        }
        if (ValueRule.STRING.equals(value.type()) && (value.min() != null || value.max() != null)) {
            problems.add(field + ".min", "a string has no bounds; leave out min and max, or give type float");
        }
        if (value.min() != null && value.max() != null && value.min() > value.max()) {
            problems.add(field + ".max", value.max() + " is less than min " + value.min()
                    + "; give max at least min");
        }
        return new ValueRule(value.type(), value.min(), value.max(), value.required() == null || value.required());
    }

    private void checkRegex(String field, String regex) {
        RegexGroups groups;
        try {
            groups = RegexGroups.of(regex);
        } catch (RegexGroups.InvalidName e) {
            problems.add(field, e.getMessage());
            return;
        }
        try {
            Pattern.compile(groups.javaPattern());
        } catch (PatternSyntaxException e) {
            problems.add(field, "not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + "; check brackets and escape special characters with \\");
            return;
        }
        if (groups.names().isEmpty()) {
            problems.add(field, "has no named group; name what to capture, as in energy=(?P<energy>\\S+) or "
                    + "energy=(?<energy>\\S+)");
        }
    }
}
