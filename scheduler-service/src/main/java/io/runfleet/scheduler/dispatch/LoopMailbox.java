package io.runfleet.scheduler.dispatch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * What the scheduler loop has to do, in arrival order: received messages, tasks and wake-ups. Received messages
 * are bounded: a sender waits while {@code capacity} of them are queued, since they come from a transport that
 * can hold (and its senders resend) what does not fit. Tasks come from request threads that each wait for theirs,
 * and at most one wake-up is queued at a time, so neither needs a bound of its own.
 */
final class LoopMailbox {

    private static final Logger LOG = Logger.getLogger(LoopMailbox.class);
    /** Returned by {@link #poll} for a wake-up. */
    static final Object WAKE = new Object();

    private record Message(Object item) { }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Semaphore places;
    private final int capacity;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    LoopMailbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("runfleet.scheduler.mailbox-capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.places = new Semaphore(capacity);
    }

    /** Queues a received message, waiting while {@code capacity} are queued already. */
    void putMessage(Object message) {
        if (!places.tryAcquire()) {
            LOG.warnf("scheduler loop: %d messages wait to be applied (runfleet.scheduler.mailbox-capacity);"
                    + " holding further deliveries until there is room", capacity);
            places.acquireUninterruptibly();
        }
        queue.add(new Message(message));
    }

    void putTask(Object task) {
        queue.add(task);
    }

    /** Queues a wake-up unless one is queued already. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    /** The next item ({@link #WAKE} for a wake-up), or null after {@code nanos}. */
    Object poll(long nanos) throws InterruptedException {
        Object next = queue.poll(nanos, TimeUnit.NANOSECONDS);
        if (next == WAKE) {
            wakeQueued.set(false);
        } else if (next instanceof Message message) {
            places.release();
            return message.item();
        }
        return next;
    }

    int size() {
        return queue.size();
    }
}
