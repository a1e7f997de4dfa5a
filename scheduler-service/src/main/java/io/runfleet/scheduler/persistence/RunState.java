package io.runfleet.scheduler.persistence;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A run's state and the one table of allowed changes (docs/design.md). Every state change of a run goes
 * through {@link #transitionTo(RunState)}.
 */
public enum RunState {
    PENDING,
    DISPATCHED,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED;

    /** States whose run an agent may hold right now; they count against a study's maxParallel. */
    public static final Set<RunState> IN_FLIGHT = Collections.unmodifiableSet(EnumSet.of(DISPATCHED, RUNNING));

    /** States of runs that still have to end. */
    public static final Set<RunState> UNFINISHED =
            Collections.unmodifiableSet(EnumSet.of(PENDING, DISPATCHED, RUNNING, RETRYING));

    /** States of runs that have ended: only a resume (a user's decision) takes a run out of them again. */
    public static final Set<RunState> TERMINAL =
            Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED));

    private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

    /** Ended runs that a resume sends back to PENDING for a new attempt (POST /studies/{id}/resume). */
    public static final Set<RunState> RESUMABLE;

    static {
        ALLOWED.put(PENDING, EnumSet.of(DISPATCHED, CANCELLED));
        // A short run's result (through the results service) can overtake its claim, hence DISPATCHED -> terminal.
        ALLOWED.put(DISPATCHED, EnumSet.of(RUNNING, PENDING, SUCCEEDED, FAILED, TIMED_OUT, RETRYING, CANCELLED));
        ALLOWED.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, RETRYING, PENDING, CANCELLED));
        ALLOWED.put(RETRYING, EnumSet.of(DISPATCHED, CANCELLED));
        ALLOWED.put(SUCCEEDED, EnumSet.noneOf(RunState.class));
        // A resume gives a run that did not succeed a new attempt; the next dispatch counts it.
        ALLOWED.put(FAILED, EnumSet.of(PENDING));
        ALLOWED.put(TIMED_OUT, EnumSet.of(PENDING));
        ALLOWED.put(CANCELLED, EnumSet.of(PENDING));
        Set<RunState> resumable = EnumSet.noneOf(RunState.class);
        for (RunState state : TERMINAL) {
            if (ALLOWED.get(state).contains(PENDING)) {
                resumable.add(state);
            }
        }
        RESUMABLE = Collections.unmodifiableSet(resumable);
    }

    /** Whether the run has ended; an ended run leaves its state only when a user resumes it. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public boolean canTransitionTo(RunState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Every state from which the table allows a change to {@code target}; for set-wise changes in SQL. */
    public static Set<RunState> sourcesOf(RunState target) {
        Set<RunState> sources = EnumSet.noneOf(RunState.class);
        for (RunState state : values()) {
            if (state.canTransitionTo(target)) {
                sources.add(state);
            }
        }
        return sources;
    }

    /**
     * @return {@code next}, when the table allows the change
     * @throws IllegalStateTransition when it does not
     */
    public RunState transitionTo(RunState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateTransition(this, next);
        }
        return next;
    }
}
