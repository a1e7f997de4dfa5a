package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.study.Problem;
import java.util.List;

/**
 * A sampler request that cannot be carried out; nothing of it was stored. {@code status} is the HTTP status the
 * API answers with (400: the request is wrong, 404: no such study, 409: the study or its sampler does not allow it).
 */
public class SamplerRefused extends RuntimeException {

    private final int status;
    private final List<Problem> problems;

    public SamplerRefused(int status, String message) {
        this(status, message, List.of());
    }

    public SamplerRefused(int status, String message, List<Problem> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    /** What is wrong, field by field, for a 400; empty otherwise. */
    public List<Problem> problems() {
        return problems;
    }
}
