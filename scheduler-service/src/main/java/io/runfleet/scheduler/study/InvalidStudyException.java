package io.runfleet.scheduler.study;

import java.util.List;

/** A study that cannot be accepted; nothing of it is stored. Terminal: the same document fails again. */
public class InvalidStudyException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidStudyException(List<Problem> problems) {
        super("invalid study: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
