package io.runfleet.wire.template;

import java.util.ArrayList;
import java.util.IllegalFormatConversionException;
import java.util.IllegalFormatException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text with {@code {{ name }}} placeholders, optionally formatted printf-style:
 * {@code {{ name | %.3f }}}. The scheduler parses templates to check that every placeholder names a
 * parameter; the agent renders them. A value is always substituted as text, never interpreted; where the text
 * is later read by a shell, {@link #render(Map, UnaryOperator)} quotes each value, except for a placeholder marked
 * {@code {{ name | raw }}}.
 */
public final class Template {

    /** The marker of a placeholder whose value a shell command line takes as shell text, unquoted. */
    public static final String RAW = "raw";

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*(?:\\|\\s*([^}]*?)\\s*)?}}");

    private final List<Object> parts;

    private Template(List<Object> parts) {
        this.parts = parts;
    }

    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int last = 0;
        while (matcher.find()) {
            if (matcher.start() > last) {
                parts.add(text.substring(last, matcher.start()));
            }
            String format = matcher.group(2);
            boolean raw = RAW.equals(format);
            if (format != null && !raw && !format.startsWith("%")) {
                throw new TemplateException("placeholder '" + matcher.group() + "' has format '" + format
                        + "'; a format is printf-style and starts with %, as in {{ x | %.3f }}, or is raw, as in "
                        + "{{ x | raw }} (shell text in a shell: true command)");
            }
            parts.add(new Placeholder(matcher.group(1), raw ? null : format, raw));
            last = matcher.end();
        }
        if (last < text.length()) {
            parts.add(text.substring(last));
        }
        return new Template(parts);
    }

    /** The names the placeholders refer to, in order of first appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Object part : parts) {
            if (part instanceof Placeholder placeholder) {
                names.add(placeholder.name());
            }
        }
        return names;
    }

    public boolean hasPlaceholders() {
        return parts.stream().anyMatch(Placeholder.class::isInstance);
    }

    /** Whether a placeholder is marked {@code | raw}, which only a shell command line gives a meaning. */
    public boolean hasRawPlaceholders() {
        return parts.stream().anyMatch(part -> part instanceof Placeholder placeholder && placeholder.raw());
    }

    /**
     * Substitutes every placeholder.
     *
     * @throws TemplateException when a placeholder names no value or its format does not fit the value
     */
    public String render(Map<String, ?> values) {
        return render(values, UnaryOperator.identity());
    }

    /**
     * Substitutes every placeholder, passing each value's text through {@code quoting} first unless the placeholder
     * is marked raw; the template's own text is kept as written.
     *
     * @throws TemplateException when a placeholder names no value or its format does not fit the value
     */
    public String render(Map<String, ?> values, UnaryOperator<String> quoting) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder placeholder) {
                String text = placeholder.render(values);
                out.append(placeholder.raw() ? text : quoting.apply(text));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    /** Renders a value the way a placeholder without a format does. */
    public static String plain(Object value) {
        return value == null ? "" : value.toString();
    }

    private record Placeholder(String name, String format, boolean raw) {

        String render(Map<String, ?> values) {
            if (!values.containsKey(name)) {
                throw new TemplateException("placeholder {{ " + name + " }} names no parameter");
            }
            Object value = values.get(name);
            // null is "no value" (psweep's None): empty text whatever the format, never the word "null"
            if (format == null || value == null) {
                return plain(value);
            }
            try {
                return PrintfFormat.apply(format, value);
            } catch (IllegalFormatException | TemplateException e) {
                throw new TemplateException("format '" + format + "' does not fit the value " + value
                        + " of {{ " + name + " }}: " + reason(e, value));
            }
        }

        /** Java's own words name a class; say instead what the value is and what to do. */
        private String reason(RuntimeException e, Object value) {
            if (e instanceof TemplateException) {
                return e.getMessage();
            }
            if (e instanceof IllegalFormatConversionException && !(value instanceof Number)) {
                return "a numeric format needs a number, and this is "
                        + (value instanceof Boolean ? "a boolean" : "text")
                        + "; use {{ " + name + " }} without a format (or %s), or give numbers";
            }
            return e.getMessage() + "; see the formats in docs/study-format.md (placeholders)";
        }
    }
}
