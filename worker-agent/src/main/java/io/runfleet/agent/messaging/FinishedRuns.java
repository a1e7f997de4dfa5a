package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import jakarta.inject.Singleton;

/**
 * The attempts this agent executed lately, so that a request delivered again (a transport that delivers at least
 * once) is dropped instead of executed a second time. Only this agent's memory: a copy that reaches another agent is
 * executed there, and the results service stores one result per attempt. Bounded like {@link CancelledRuns}: a copy
 * arrives within moments of the original, long before ten thousand further runs ended here.
 */
@Singleton
public class FinishedRuns {

    static final int CAPACITY = 10_000;

    private final RecentRuns recent = new RecentRuns(CAPACITY);

    void remember(RunRef ref) {
        recent.add(ref);
    }

    boolean contains(RunRef ref) {
        return recent.contains(ref);
    }
}
