package io.runfleet.results.api;

import io.runfleet.results.config.ResultsConfig;
import io.runfleet.results.outbox.OutboxSignals;
import io.runfleet.results.outbox.OutboxStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
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
 * loop. Everything is bounded: the streams open at once ({@code sse.max-streams}), the feeder threads
 * ({@code sse.feeder-threads}; each stream has at most one read queued, so the queue is bounded too) and the
 * time a client may take to accept a batch ({@code sse.write-timeout}).
 */
@ApplicationScoped
class EventStreams {

    private final OutboxStore store;
    private final OutboxSignals signals;
    private final int batchSize;
    private final int maxStreams;
    private final Duration writeTimeout;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService feeders;
    private final ScheduledExecutorService keepAlive;

    EventStreams(OutboxStore store, OutboxSignals signals, ResultsConfig config) {
        this.store = store;
        this.signals = signals;
        this.batchSize = config.sse().batchSize();
        this.maxStreams = config.sse().maxStreams();
        this.writeTimeout = config.sse().writeTimeout();
        AtomicInteger threads = new AtomicInteger();
        this.feeders = Executors.newFixedThreadPool(config.sse().feederThreads(),
                task -> daemon(task, "event-stream-" + threads.incrementAndGet()));
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "event-stream-keep-alive"));
        long periodMillis = config.sse().keepAlive().toMillis();
        keepAlive.scheduleAtFixedRate(() -> open.forEach(EventStream::keepAlive),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream, or refuses it with 503 when {@code sse.max-streams} are open already. */
    void open(String studyId, long afterStudySeq, SseEventSink sink, Sse sse) {
        EventStream stream = new EventStream(studyId, afterStudySeq, sink, sse, store, signals, feeders, batchSize,
                writeTimeout, open::remove);
        synchronized (open) {
            if (open.size() >= maxStreams) {
                throw ApiErrors.unavailable(maxStreams + " event streams are open, the most this service serves"
                        + " (runfleet.results.sse.max-streams); try again shortly, or raise the setting", 5);
            }
            open.add(stream);
        }
        stream.open();
    }

    /** Streams open now. */
    int openStreams() {
        return open.size();
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
