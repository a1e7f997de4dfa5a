package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects every problem of a study, so that one submission reports them all. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();
    private final List<String> shadowed = new ArrayList<>();

    /**
     * Problems found before validation (unknown fields), and the fields they were probably meant to be: a problem of
     * such a field ({@code template.command} "missing" beside an unknown {@code template.comand}), or of the entry
     * holding it, says the same thing again, less clearly, and is left out.
     */
    void addAll(Collection<Problem> earlier, Collection<String> meantFields) {
        list.addAll(earlier);
        shadowed.addAll(meantFields);
    }

    void add(String field, String message) {
        if (shadowed.stream().noneMatch(meant -> says(meant, field))) {
            list.add(new Problem(field, message));
        }
    }

    /** Whether a problem of {@code field} is about the field {@code meant}, or the entry holding it (outputs[0]). */
    private static boolean says(String meant, String field) {
        int dot = meant.lastIndexOf('.');
        return field.equals(meant) || field.startsWith(meant + ".") || field.startsWith(meant + "[")
                || (dot > 0 && field.equals(meant.substring(0, dot)));
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidStudyException(list);
        }
    }
}
