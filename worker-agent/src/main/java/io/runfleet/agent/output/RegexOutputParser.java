package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex}: every named group of the pattern is an output; the last match in the file wins, so a
 * program that prints progress lines reports its final value. Captures that look like numbers become
 * numbers.
 */
@Singleton
public class RegexOutputParser implements OutputParser {

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    @Override
    public String type() {
        return OutputSpec.REGEX;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        Pattern pattern = compile(spec);
        List<String> groups = GROUP_NAME.matcher(spec.pattern()).results().map(m -> m.group(1)).toList();
        if (groups.isEmpty()) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern()
                    + "' has no named group; name each output as in (?<energy>[-0-9.eE+]+)");
        }
        String text = read(spec, OutputFiles.resolve(runDir, spec.file()), limits);
        Matcher matcher = pattern.matcher(limits.timed(text));
        MatchSnapshot last = null;
        try {
            while (matcher.find()) {
                last = MatchSnapshot.of(matcher, groups);
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

    private static Pattern compile(OutputSpec spec) throws OutputException {
        if (spec.pattern() == null || spec.pattern().isEmpty()) {
            throw OutputException.of(spec.file(), "a regex output needs outputs[].pattern");
        }
        try {
            return Pattern.compile(spec.pattern(), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw OutputException.of(spec.file(), "pattern '" + spec.pattern() + "' is invalid: "
                    + e.getDescription());
        }
    }

    private static String read(OutputSpec spec, Path file, OutputLimits limits) throws OutputException {
        try {
            return new String(limits.readAll(file), StandardCharsets.UTF_8);
        } catch (OutputLimits.TooLarge e) {
            throw OutputException.of(spec.file(), limits.tooLargeReason());
        } catch (NoSuchFileException e) {
            throw OutputException.of(spec.file(), "missing (the command did not write it)");
        } catch (IOException e) {
            throw OutputException.of(spec.file(), "unreadable: " + e.getMessage());
        }
    }

    private record MatchSnapshot(Map<String, Object> values) {

        static MatchSnapshot of(Matcher matcher, List<String> groups) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String group : groups) {
                String capture = matcher.group(group);
                if (capture != null) {
                    values.put(group, NumericText.valueOf(capture));
                }
            }
            return new MatchSnapshot(values);
        }
    }
}
