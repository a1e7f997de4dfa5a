package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** The latest attempts named to this agent for one reason, oldest forgotten first beyond a capacity. Thread-safe. */
final class RecentRuns {

    private final Map<RunRef, Boolean> recent;

    RecentRuns(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RunRef, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void add(RunRef ref) {
        recent.put(ref, Boolean.TRUE);
    }

    synchronized boolean contains(RunRef ref) {
        return recent.containsKey(ref);
    }
}
