package io.runfleet.scheduler.api;

import io.runfleet.scheduler.study.Problem;
import java.util.List;

/** Every error answer: what went wrong and, for an invalid study, each problem by field. */
public record ErrorBody(String error, List<Problem> problems) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}
