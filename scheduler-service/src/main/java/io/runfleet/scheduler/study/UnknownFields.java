package io.runfleet.scheduler.study;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Collects every unknown field of one document while it is read, instead of stopping at the first: a document with
 * three typos is refused once, naming all three. Each unknown field is skipped with its value, so reading goes on.
 * One instance per read.
 */
final class UnknownFields extends DeserializationProblemHandler {

    /** Two edits (a letter missing, swapped or wrong) still read as a typo of a known field. */
    private static final int MAX_TYPO_DISTANCE = 2;

    private final List<Problem> problems = new ArrayList<>();
    /** Per unknown field, the known field it was probably meant to be, where one is close enough. */
    private final List<String> meant = new ArrayList<>();

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                         JsonDeserializer<?> deserializer, Object beanOrClass, String name)
            throws IOException {
        String field = field(context.getParser(), parser, name);
        TreeSet<String> known = new TreeSet<>();
        Collection<Object> ids = deserializer.getKnownPropertyNames();
        if (ids != null) {
            ids.forEach(id -> known.add(id.toString()));
        }
        Optional<String> suggestion = closest(name, known);
        String parent = field.contains(".") ? field.substring(0, field.lastIndexOf('.') + 1) : "";
        suggestion.ifPresent(guess -> meant.add(parent + guess));
        problems.add(new Problem(field, "unknown field '" + name + "'"
                + suggestion.map(guess -> "; did you mean " + guess + "?").orElse("")
                + "; known fields: " + String.join(", ", known)));
        parser.skipChildren();
        return true;
    }

    List<Problem> problems() {
        return problems;
    }

    /** The fields the unknown ones were probably meant to be ({@code template.command} for {@code template.comand}). */
    List<String> meantFields() {
        return meant;
    }

    static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_TYPO_DISTANCE + 1;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance && distance < Math.max(candidate.length(), name.length())) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * The unknown field's place, as {@code template.comand} or {@code outputs[0].jsn}. A record is read whole before
     * its unknown fields are handed over, replayed from a buffer whose parser does not know where it is; the parser
     * of the document then stands just after the record, in the field or element that holds it.
     */
    private static String field(JsonParser document, JsonParser parser, String name) {
        if (document == parser) {
            // read as it streams: the parser stands at the field's value, inside the object that holds the field
            JsonStreamContext at = parser.getParsingContext();
            boolean entered = parser.currentToken() == JsonToken.START_OBJECT
                    || parser.currentToken() == JsonToken.START_ARRAY;
            String path = path(entered ? at.getParent() : at);
            return path.isEmpty() || path.endsWith(".") ? path + "\"\"" : path;
        }
        String holder = path(document.getParsingContext());
        // an empty key still needs a field that shows where it is
        String shown = name.isEmpty() ? "\"\"" : name;
        return holder.isEmpty() ? shown : holder + "." + shown;
    }

    /** A place in the document as {@code outputs[0]}; empty for the top level. */
    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.add(0, "[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                parts.add(0, (at.getParent() == null || at.getParent().inRoot() ? "" : ".") + at.getCurrentName());
            }
        }
        return String.join("", parts);
    }
}
