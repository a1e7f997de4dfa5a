package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RegexGroups;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex}: every named group of the pattern is an output, named as the study wrote it ({@code (?P<energy_out>)}
 * or {@code (?<energy>)}, see {@link RegexGroups}); the last match in the file wins, so a
 * program that prints progress lines reports its final value. Captures that look like numbers become
 * numbers.
 */
@Singleton
public class RegexOutputParser implements OutputParser {

    @Override
    public String type() {
        return OutputSpec.REGEX;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        RegexGroups groups = groups(spec);
        Pattern pattern = compile(spec, groups);
        if (groups.names().isEmpty()) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern()
                    + "' has no named group; name each output as in (?<energy>[-0-9.eE+]+)");
        }
        String text = OutputSource.of(spec).readText(runDir, limits);
        Matcher matcher = pattern.matcher(limits.timed(text));
        MatchSnapshot last = null;
        try {
            while (matcher.find()) {
                last = MatchSnapshot.of(matcher, groups, spec);
            }
        } catch (OutputLimits.Expired e) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern() + "': " + e.getMessage()
                    + "; a pattern with nested or repeated open-ended parts such as (a+)+ or (.*a){12} can "
                    + "backtrack without end: anchor it, or match what each part may hold exactly ([^,]* for .*)");
        }
        if (last == null) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern() + "' did not match");
        }
        return last.values();
    }

    private static RegexGroups groups(OutputSpec spec) throws OutputException {
        if (spec.pattern() == null || spec.pattern().isEmpty()) {
            throw OutputException.of(spec.file(), "a regex output needs outputs[].pattern");
        }
        try {
            return RegexGroups.of(spec.pattern());
        } catch (RegexGroups.InvalidName e) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern() + "': " + e.getMessage());
        }
    }

    private static Pattern compile(OutputSpec spec, RegexGroups groups) throws OutputException {
        try {
            return Pattern.compile(groups.javaPattern(), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern() + "' is invalid: "
                    + e.getDescription());
        }
    }

    private record MatchSnapshot(Map<String, Object> values) {

        static MatchSnapshot of(Matcher matcher, RegexGroups groups, OutputSpec spec) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> group : groups.names().entrySet()) {
                String capture = matcher.group(group.getKey());
                if (capture != null) {
                    values.put(group.getValue(), ValueRules.textValue(spec, group.getValue(), capture));
                }
            }
            return new MatchSnapshot(values);
        }
    }
}
