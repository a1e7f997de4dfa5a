package io.runfleet.wire.messaging;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The publisher of one incoming channel. Messages from the transport's thread are buffered and handed to
 * the subscriber on a delivery thread, never on the transport's thread, so that a slow consumer cannot
 * stall the transport (heartbeats, acks). Demand is reported to a {@link DemandListener}, which turns it into
 * credit (ZeroMQ dealer) or consumers (RabbitMQ credit connector).
 */
public final class IncomingStream implements Flow.Publisher<Message<byte[]>> {

    private static final Logger LOG = Logger.getLogger(IncomingStream.class);

    /** Told about the subscriber's demand; called on the subscriber's thread. */
    public interface DemandListener {
        DemandListener NONE = new DemandListener() {
            @Override
            public void requested(long n) {
            }

            @Override
            public void cancelled() {
            }
        };

        void requested(long n);

        void cancelled();
    }

    private final String channel;
    private final Executor executor;
    private final DemandListener listener;
    private final int bufferLimit;
    private final Queue<Message<byte[]>> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicReference<Flow.Subscriber<? super Message<byte[]>>> subscriber = new AtomicReference<>();
    private volatile boolean completed;

    /**
     * @param bufferLimit messages kept while nobody asks for them; 0 for no limit (used where the
     *     sender's credit or window already bounds what can arrive)
     */
    public IncomingStream(String channel, Executor executor, DemandListener listener, int bufferLimit) {
        this.channel = channel;
        this.executor = executor;
        this.listener = listener;
        this.bufferLimit = bufferLimit;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message<byte[]>> candidate) {
        if (!subscriber.compareAndSet(null, candidate)) {
            candidate.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            candidate.onError(new IllegalStateException("channel '" + channel
                    + "' already has a subscriber; a channel of this connector feeds one consumer"));
            return;
        }
        candidate.onSubscribe(new Subscription(candidate));
        if (completed) {
            candidate.onComplete();
        }
    }

    /** Transport thread: hands a message over. False if the buffer is full (the message is dropped). */
    public boolean offer(Message<byte[]> message) {
        if (bufferLimit > 0 && buffered.get() >= bufferLimit) {
            return false;
        }
        buffered.incrementAndGet();
        buffer.add(message);
        drain();
        return true;
    }

    public void complete() {
        completed = true;
        Flow.Subscriber<? super Message<byte[]>> current = subscriber.get();
        if (current != null) {
            executor.execute(current::onComplete);
        }
    }

    public String channel() {
        return channel;
    }

    /** Messages kept while nobody asks for them at most; 0 for no limit. */
    public int bufferLimit() {
        return bufferLimit;
    }

    private void drain() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(this::deliver);
        }
    }

    private void deliver() {
        int missed = 1;
        while (true) {
            Flow.Subscriber<? super Message<byte[]>> target = subscriber.get();
            while (target != null && requested.get() > 0) {
                Message<byte[]> next = buffer.poll();
                if (next == null) {
                    break;
                }
                buffered.decrementAndGet();
                requested.getAndUpdate(r -> r == Long.MAX_VALUE ? r : r - 1);
                try {
                    target.onNext(next);
                } catch (RuntimeException e) {
                    // settled, or the transport would wait for it forever (a ZeroMQ router ignores its resends)
                    LOG.errorf(e, "subscriber of channel '%s' threw from onNext; message nacked", channel);
                    next.nack(e);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super Message<byte[]>> owner;

        Subscription(Flow.Subscriber<? super Message<byte[]>> owner) {
            this.owner = owner;
        }

        @Override
        public void request(long n) {
            if (subscriber.get() != owner) {
                return;
            }
            if (n <= 0) {
                owner.onError(new IllegalArgumentException("channel '" + channel + "': request(" + n
                        + ") must ask for a positive number (Reactive Streams rule 3.9)"));
                return;
            }
            requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
            listener.requested(n);
            drain();
        }

        @Override
        public void cancel() {
            if (subscriber.compareAndSet(owner, null)) {
                requested.set(0);
                listener.cancelled();
            }
        }
    }
}
