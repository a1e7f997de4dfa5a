package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.ValueRule;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code keyvalue}: lines {@code name = value} or {@code name: value} (whichever separator comes first), as a log or
 * an input deck writes them; the last line of a name wins. Text from the comment marker ({@code #} unless
 * {@code comments} says otherwise) to the end of its line is left out, and so are lines without a separator. With
 * {@code names}, only those are outputs, each required unless its rule says {@code required: false}; without, every
 * name is. Values that look like numbers become numbers; quotes around a value are dropped.
 */
@Singleton
public class KeyValueOutputParser implements OutputParser {

    @Override
    public String type() {
        return OutputSpec.KEYVALUE;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        OutputSource source = OutputSource.of(spec);
        String comments = TableOptions.text(spec, "comments", "#");
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : source.readText(runDir, limits).split("\\R")) {
            int comment = line.indexOf(comments);
            String content = comment < 0 ? line : line.substring(0, comment);
            int separator = separator(content);
            if (separator <= 0) {
                continue;
            }
            String name = content.substring(0, separator).strip();
            if (!name.isEmpty()) {
                lines.remove(name);
                lines.put(name, unquoted(content.substring(separator + 1).strip()));
            }
        }
        List<String> names = TableOptions.names(spec, "names");
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names == null ? List.copyOf(lines.keySet()) : names) {
            String text = lines.get(name);
            if (text != null) {
                values.put(name, ValueRules.textValue(spec, name, text));
            } else if (spec.values().getOrDefault(name, new ValueRule(null, null, null, true)).required()) {
                throw source.fail(name, "no line '" + name + " = VALUE' or '" + name + ": VALUE' in the file"
                        + (lines.isEmpty() ? " (it has none)"
                        : "; its names are " + TableOptions.listed(lines.keySet()))
                        + "; mark it required: false if a run may succeed without it");
            }
        }
        return values;
    }

    private static int separator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0 || colon < 0) {
            return Math.max(equals, colon);
        }
        return Math.min(equals, colon);
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
