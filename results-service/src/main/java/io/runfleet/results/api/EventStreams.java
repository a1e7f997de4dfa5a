package io.runfleet.results.api;

import io.runfleet.results.config.ResultsConfig;
import io.runfleet.results.outbox.OutboxSignals;
import io.runfleet.results.outbox.OutboxStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens event streams, keeps the open ones alive, and owns the threads that feed them. Feeding blocks
 * (database reads, waiting for a slow client), so it runs on its own threads, never on the HTTP event
 * loop.
 */
@ApplicationScoped
class EventStreams {

    private final OutboxStore store;
    private final OutboxSignals signals;
    private final int batchSize;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService feeders;
    private final ScheduledExecutorService keepAlive;

    EventStreams(OutboxStore store, OutboxSignals signals, ResultsConfig config) {
        this.store = store;
        this.signals = signals;
        this.batchSize = config.sse().batchSize();
        AtomicInteger threads = new AtomicInteger();
        this.feeders = Executors.newCachedThreadPool(task -> daemon(task, "event-stream-" + threads.incrementAndGet()));
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "event-stream-keep-alive"));
        long periodMillis = config.sse().keepAlive().toMillis();
        keepAlive.scheduleAtFixedRate(() -> open.forEach(EventStream::keepAlive),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void open(String studyId, long afterEventId, SseEventSink sink, Sse sse) {
        EventStream stream = new EventStream(studyId, afterEventId, sink, sse, store, signals, feeders, batchSize,
                open::remove);
        open.add(stream);
        stream.open();
    }

    @PreDestroy
    void stop() {
        keepAlive.shutdownNow();
        feeders.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
