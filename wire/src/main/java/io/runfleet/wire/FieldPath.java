package io.runfleet.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where in a message reading failed, as {@code spec.command[2]}: empty at the top level. Only the first
 * {@value #MAX_SEGMENTS} steps are named, so that a value nested a thousand levels deep still gives a one-line reason.
 */
final class FieldPath {

    static final int MAX_SEGMENTS = 6;

    private FieldPath() {
    }

    /** The field a mapping failure (wrong type, missing property, a value a record refused) is about. */
    static String of(JsonMappingException e) {
        Deque<Object> steps = new ArrayDeque<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                steps.add(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                steps.add(reference.getIndex());
            }
        }
        return render(List.copyOf(steps));
    }

    /** The field the parser was in when the bytes stopped being JSON (bad syntax, bad UTF-8, too deep). */
    static String of(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "";
        }
        Deque<Object> steps = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                steps.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                steps.addFirst(Math.max(context.getCurrentIndex(), 0));
            }
        }
        return render(List.copyOf(steps));
    }

    private static String render(List<Object> steps) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size() && i < MAX_SEGMENTS; i++) {
            Object step = steps.get(i);
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(step);
            }
        }
        return steps.size() > MAX_SEGMENTS ? out + "..." : out.toString();
    }
}
