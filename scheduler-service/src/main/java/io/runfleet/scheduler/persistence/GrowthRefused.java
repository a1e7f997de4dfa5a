package io.runfleet.scheduler.persistence;

/**
 * A study cannot grow or resume as asked: its state does not allow it ({@link Reason#STATE}), or it would hold more
 * runs than allowed ({@link Reason#SIZE}). Checked under the study's row lock, so the answer is current.
 */
public class GrowthRefused extends RuntimeException {

    /** Why. */
    public enum Reason { STATE, SIZE }

    private final Reason reason;
    private final StudyState state;

    public GrowthRefused(Reason reason, StudyState state, String message) {
        super(message);
        this.reason = reason;
        this.state = state;
    }

    public Reason reason() {
        return reason;
    }

    /** The study's state when it was refused. */
    public StudyState state() {
        return state;
    }
}
