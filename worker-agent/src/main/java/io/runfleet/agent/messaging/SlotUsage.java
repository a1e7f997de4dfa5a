package io.runfleet.agent.messaging;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the runs executing now and the most ever executing at once (never above the slots). */
@Singleton
public class SlotUsage {

    private final AtomicInteger executing = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    void begin() {
        int now = executing.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
    }

    void end() {
        executing.decrementAndGet();
    }

    public int executing() {
        return executing.get();
    }

    public int peak() {
        return peak.get();
    }
}
