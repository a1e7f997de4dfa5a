package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.PoolMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Feeds an outgoing channel as SmallRye would: messages go downstream only as far as it asks. */
final class QueuePublisher implements Flow.Publisher<Message<?>> {

    /** A message whose ack or nack the test can observe. */
    record Tracked(Message<?> message, CompletableFuture<Void> acked, CompletableFuture<Throwable> nacked) {
    }

    private final Deque<Message<?>> queue = new ArrayDeque<>();
    private Flow.Subscriber<? super Message<?>> subscriber;
    private long requested;
    private boolean draining;

    @SuppressWarnings("unchecked")
    static QueuePublisher into(Flow.Subscriber<? extends Message<?>> sink) {
        QueuePublisher publisher = new QueuePublisher();
        publisher.subscribe((Flow.Subscriber<? super Message<?>>) sink);
        return publisher;
    }

    static Tracked tracked(Object payload) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        Object body = payload instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : payload;
        Message<?> message = Message.of(body, () -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            nacked.complete(failure);
            return CompletableFuture.completedFuture(null);
        });
        return new Tracked(message, acked, nacked);
    }

    Tracked emit(Object payload) {
        return emit(tracked(payload));
    }

    /** A message only dealers of the pool may take. */
    Tracked emitInPool(Object payload, String pool) {
        Tracked plain = tracked(payload);
        return emit(new Tracked(plain.message().addMetadata(new PoolMetadata(pool)), plain.acked(), plain.nacked()));
    }

    /** A message carrying {@code metadata} as well. */
    Tracked emitWith(Object payload, Object metadata) {
        Tracked plain = tracked(payload);
        return emit(new Tracked(plain.message().addMetadata(metadata), plain.acked(), plain.nacked()));
    }

    private Tracked emit(Tracked tracked) {
        synchronized (this) {
            queue.add(tracked.message());
        }
        drain();
        return tracked;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message<?>> candidate) {
        subscriber = candidate;
        candidate.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (QueuePublisher.this) {
                    requested += n;
                }
                drain();
            }

            @Override
            public void cancel() {
            }
        });
    }

    private void drain() {
        while (true) {
            Message<?> next;
            synchronized (this) {
                if (draining || requested == 0 || queue.isEmpty()) {
                    return;
                }
                draining = true;
                requested--;
                next = queue.poll();
            }
            try {
                subscriber.onNext(next);
            } finally {
                synchronized (this) {
                    draining = false;
                }
            }
        }
    }
}
