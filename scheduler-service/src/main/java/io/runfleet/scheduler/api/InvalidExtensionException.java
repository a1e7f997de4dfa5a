package io.runfleet.scheduler.api;

import io.runfleet.scheduler.study.Problem;
import java.util.List;

/** An extension of a study that cannot be accepted; nothing of it is stored. */
public class InvalidExtensionException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidExtensionException(List<Problem> problems) {
        super("invalid extension: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
