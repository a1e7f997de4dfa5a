package io.runfleet.cli.progress;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs finished per second over a sliding window, so the rate (and the ETA from it) follows the
 * current pace rather than the average since the start.
 */
public final class RateEstimator {

    private record Sample(long atMillis, long finished) {
    }

    private final long windowMillis;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RateEstimator(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    public void record(long atMillis, long finished) {
        samples.addLast(new Sample(atMillis, finished));
        // Keep one sample older than the window so the span always covers the whole window.
        while (samples.size() > 2 && atMillis - second().atMillis() >= windowMillis) {
            samples.removeFirst();
        }
    }

    /** Runs per second; 0 until two samples lie apart in time. */
    public double perSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        long span = last.atMillis() - first.atMillis();
        return span <= 0 ? 0 : (last.finished() - first.finished()) * 1000.0 / span;
    }

    private Sample second() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}
