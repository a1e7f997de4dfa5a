package io.runfleet.results.outbox;

import io.runfleet.results.config.ResultsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands the events the writer has just committed to the relay in memory, so that the relay need not read back and
 * decode what was just written. The outbox table stays the truth: this queue is bounded, a hand-off that does not
 * fit is dropped, and the relay reads the store whenever what is here does not follow its cursor without a gap.
 * <p>
 * The relay sends an event from here only when its id is the one right after the relay's cursor. Any other id means
 * that the store may hold an event that is not here: a dropped hand-off, a row another writer inserted, or an id
 * taken by a rolled-back insert (identity values are not given back). Then the relay reads the store, and so never
 * skips an event; the last case costs one needless read. The single writer makes ids increase in commit order
 * (docs/results-service.md), so an event handed over is never followed by a smaller id committed later.
 */
@ApplicationScoped
public class CommittedEvents {

    private final BlockingQueue<CommittedEvent> queue;
    private final AtomicBoolean dropped = new AtomicBoolean();

    @Inject
    CommittedEvents(ResultsConfig config) {
        this(config.relay().handOffCapacity());
    }

    CommittedEvents(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by the one writer after each commit, with the events it committed in event id order. */
    public void handOver(List<CommittedEvent> events) {
        for (CommittedEvent event : events) {
            if (!queue.offer(event)) {
                // the relay is behind: it finds this event in the store, and must be told so, since no later
                // hand-off may come to show the gap
                dropped.set(true);
            }
        }
    }

    /**
     * The waiting events that follow {@code cursor} without a gap, in order, at most {@code max}. Events at or
     * before the cursor (already read from the store) are discarded. {@link Following#readStore} says that the
     * store holds events that are not here.
     */
    Following following(long cursor, int max) {
        List<OutboxEvent> events = new ArrayList<>();
        long last = cursor;
        boolean gap = dropped.getAndSet(false);
        while (!gap && events.size() < max) {
            CommittedEvent next = queue.peek();
            if (next == null) {
                break;
            }
            if (next.eventId() <= last) {
                queue.poll();
            } else if (next.eventId() == last + 1) {
                queue.poll();
                events.add(next.event().get());
                last = next.eventId();
            } else {
                gap = true;
            }
        }
        return new Following(events, gap);
    }

    record Following(List<OutboxEvent> events, boolean readStore) {
    }
}
