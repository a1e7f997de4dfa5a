package io.runfleet.scheduler.study;

import io.runfleet.wire.OutputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a study's output collectors and turns them into {@link OutputSpec}s. */
final class OutputValidator {

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

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
                specs.add(new ReferenceOutputs(problems).validate(field, output));
                continue;
            }
            if (output == null || (output.json() == null) == (output.regex() == null)) {
                problems.add(field, "give exactly one of {json: FILE}, {regex: PATTERN, file: FILE}, {file: PATH, name: NAME} "
                        + "or {plugin: NAME}");
                continue;
            }
            if (output.json() != null) {
                if (output.file() != null) {
                    problems.add(field + ".file", "a json output names its file in 'json'; remove 'file'");
                }
                if (output.json().isBlank()) {
                    problems.add(field + ".json", "empty file name; give the JSON file to read, as in result.json");
                }
                specs.add(new OutputSpec(OutputSpec.JSON, output.json(), null));
            } else {
                checkRegex(field + ".regex", output.regex());
                String file = output.file() == null ? OutputSpec.STDOUT : output.file();
                specs.add(new OutputSpec(OutputSpec.REGEX, file, output.regex()));
            }
        }
        return specs;
    }

    /** The outputs a regex output produces: its named groups. */
    static java.util.Set<String> groupNames(String regex) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher groups = NAMED_GROUP.matcher(regex);
        while (groups.find()) {
            names.add(groups.group(1));
        }
        return names;
    }

    private void checkRegex(String field, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(field, "not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex() + "; check brackets and escape special characters with \\");
            return;
        }
        if (!NAMED_GROUP.matcher(regex).find()) {
            problems.add(field, "has no named group; name what to capture, as in energy=(?<energy>\\S+)");
        }
    }
}
