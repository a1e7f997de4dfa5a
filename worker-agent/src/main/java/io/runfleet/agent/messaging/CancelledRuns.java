package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * The attempts named by recent cancels, whoever held them. A request the scheduler sent before it cancelled the run
 * may still be on its way (waiting for an agent's credit, or in the broker's queue); when it arrives here it is
 * dropped unstarted instead of being run and stopped again. Bounded: a cancel names at most a study's runs in
 * flight, and a request older than the newest few thousand cancels is long gone.
 */
@Singleton
public class CancelledRuns {

    static final int CAPACITY = 10_000;

    private final RecentRuns recent = new RecentRuns(CAPACITY);

    void remember(Collection<RunRef> refs) {
        refs.forEach(recent::add);
    }

    boolean contains(RunRef ref) {
        return recent.contains(ref);
    }
}
