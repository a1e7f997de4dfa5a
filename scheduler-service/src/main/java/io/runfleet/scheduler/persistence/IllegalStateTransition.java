package io.runfleet.scheduler.persistence;

/** A state change that the run state table forbids: a programming error, never applied. */
public class IllegalStateTransition extends IllegalStateException {

    private final RunState from;
    private final RunState to;

    public IllegalStateTransition(RunState from, RunState to) {
        super("a run cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public RunState from() {
        return from;
    }

    public RunState to() {
        return to;
    }
}
