package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a study, so that one submission reports them all. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();

    void add(String field, String message) {
        list.add(new Problem(field, message));
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
