package io.runfleet.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named groups of a regex output, as the study wrote them, and the same pattern in Java's syntax. A study may
 * name groups the Python way, {@code (?P<energy_out>...)} with backreferences {@code (?P=energy_out)}, or the Java
 * way, {@code (?<energy>...)}; either way a name is a Python identifier (letters, digits, underscores). Java group
 * names take no underscore, so a name Java does not accept is given a Java name of its own, and {@link #names()}
 * maps every Java name back to the output it is. The scheduler and the agent read a pattern through this one class,
 * so both see the same outputs.
 *
 * @param javaPattern the pattern for {@link Pattern#compile}
 * @param names       per Java group name, the output's name, in the pattern's order
 */
public record RegexGroups(String javaPattern, Map<String, String> names) {

    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    public RegexGroups {
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    }

    /** The outputs the pattern produces, in order. */
    public List<String> outputs() {
        return List.copyOf(names.values());
    }

    /** A named group the pattern cannot have, with what is wrong with it. */
    public static final class InvalidName extends IllegalArgumentException {

        public InvalidName(String message) {
            super(message);
        }
    }

    /**
     * Reads the named groups of {@code pattern}. Escaped parentheses and parentheses inside character classes are
     * not groups; lookbehinds {@code (?<=} and {@code (?<!} are not named groups.
     *
     * @throws InvalidName when a group's name is not an identifier, or two groups share a name
     */
    public static RegexGroups of(String pattern) {
        List<String> found = scan(pattern, null, null);
        Map<String, String> javaNames = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(found);
        Set<String> seen = new HashSet<>();
        for (String name : found) {
            if (!OUTPUT_NAME.matcher(name).matches()) {
                throw new InvalidName("group name '" + name + "' is not a name: use letters, digits and "
                        + "underscores, starting with a letter, as in (?P<energy_out>\\S+)");
            }
            if (!seen.add(name)) {
                throw new InvalidName("group name '" + name + "' is used twice; give each group its own name");
            }
            javaNames.put(name, JAVA_NAME.matcher(name).matches() ? name : javaName(name, taken));
        }
        StringBuilder java = new StringBuilder(pattern.length());
        scan(pattern, javaNames, java);
        Map<String, String> back = new LinkedHashMap<>();
        javaNames.forEach((output, javaName) -> back.put(javaName, output));
        return new RegexGroups(java.toString(), back);
    }

    private static String javaName(String name, Set<String> taken) {
        String letters = name.replaceAll("[^A-Za-z0-9]", "");
        for (int n = 1; ; n++) {
            String candidate = "g" + n + letters;
            if (taken.add(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * Walks the pattern once: collects group names, and, when {@code out} is given, writes the Java pattern with
     * each name replaced by its Java name.
     */
    private static List<String> scan(String pattern, Map<String, String> javaNames, StringBuilder out) {
        List<String> names = new ArrayList<>();
        boolean inClass = false;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                if (!inClass && pattern.startsWith("k<", i + 1) && pattern.indexOf('>', i + 3) > 0) {
                    int end = pattern.indexOf('>', i + 3);
                    String name = pattern.substring(i + 3, end);
                    append(out, "\\k<" + (javaNames == null ? name : javaNames.getOrDefault(name, name)) + ">");
                    i = end + 1;
                    continue;
                }
                append(out, pattern.substring(i, i + 2));
                i += 2;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                append(out, String.valueOf(c));
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                append(out, "[");
                // a ']' right after '[' or '[^' is a literal
                int next = i + 1;
                if (pattern.startsWith("^", next)) {
                    append(out, "^");
                    next++;
                }
                if (pattern.startsWith("]", next)) {
                    append(out, "]");
                    next++;
                }
                i = next;
                continue;
            }
            int nameStart = groupNameStart(pattern, i);
            int end = nameStart < 0 ? -1 : pattern.indexOf('>', nameStart);
            if (end > 0) {
                String name = pattern.substring(nameStart, end);
                names.add(name);
                append(out, "(?<" + (javaNames == null ? name : javaNames.get(name)) + ">");
                i = end + 1;
                continue;
            }
            if (pattern.startsWith("(?P=", i) && pattern.indexOf(')', i) > 0) {
                int close = pattern.indexOf(')', i);
                String name = pattern.substring(i + 4, close);
                append(out, "(?:\\k<" + (javaNames == null ? name : javaNames.getOrDefault(name, name)) + ">)");
                i = close + 1;
                continue;
            }
            append(out, String.valueOf(c));
            i++;
        }
        return names;
    }

    /** Where the name of a named group opening at {@code i} starts, or -1 when no named group opens there. */
    private static int groupNameStart(String pattern, int i) {
        if (pattern.startsWith("(?P<", i)) {
            return i + 4;
        }
        if (pattern.startsWith("(?<", i) && i + 3 < pattern.length()
                && pattern.charAt(i + 3) != '=' && pattern.charAt(i + 3) != '!') {
            return i + 3;
        }
        return -1;
    }

    private static void append(StringBuilder out, String text) {
        if (out != null) {
            out.append(text);
        }
    }
}
