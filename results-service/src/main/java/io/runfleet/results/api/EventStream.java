package io.runfleet.results.api;

import io.runfleet.results.outbox.OutboxEvent;
import io.runfleet.results.outbox.OutboxSignals;
import io.runfleet.results.outbox.OutboxStore;
import io.runfleet.results.outbox.StudyStopEvents;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One client's stream of a study's events (run completions, its stop). Stored and live events come the
 * same way: every time the study gets new events, the stream reads the outbox after the last study
 * sequence number it sent. Since one writer numbers a study's events in commit order, this cursor gives
 * no gap and no duplicate between the replay and the live part. Reads are coalesced: at most one runs at a time per stream.
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    static final String EVENT_NAME = "run-completed";
    /** The SSE event name of a study's stop: its type, as clients see it in the data too. */
    static final String STOPPED_EVENT_NAME = StudyStopEvents.TYPE;

    private final String studyId;
    private final SseEventSink sink;
    private final Sse sse;
    private final OutboxStore store;
    private final OutboxSignals signals;
    private final Executor executor;
    private final int batchSize;
    private final Duration writeTimeout;
    private final Consumer<EventStream> onClose;
    private final AtomicInteger pendingReads = new AtomicInteger();
    private final Consumer<Set<String>> onCommit = this::onCommit;
    private volatile boolean keepAliveDue;
    /** The study sequence number of the last event sent; only the one running read touches it. */
    private long cursor;

    EventStream(String studyId, long afterStudySeq, SseEventSink sink, Sse sse, OutboxStore store,
            OutboxSignals signals, Executor executor, int batchSize, Duration writeTimeout,
            Consumer<EventStream> onClose) {
        this.writeTimeout = writeTimeout;
        this.onClose = onClose;
        this.studyId = studyId;
        this.cursor = afterStudySeq;
        this.sink = sink;
        this.sse = sse;
        this.store = store;
        this.signals = signals;
        this.executor = executor;
        this.batchSize = batchSize;
    }

    void open() {
        // Subscribe before the first read: an event committed in between is then read either by the
        // first read or by the one its signal schedules, and the cursor drops the second copy.
        signals.subscribe(onCommit);
        // A comment first, so that the client gets the response headers before the first event.
        sink.send(sse.newEventBuilder().comment("events of study " + studyId).build());
        scheduleRead();
    }

    /** Sends a comment line soon, from the same thread as the events, so that writes never interleave. */
    void keepAlive() {
        keepAliveDue = true;
        scheduleRead();
    }

    private void onCommit(Set<String> studies) {
        if (studies.contains(studyId)) {
            scheduleRead();
        }
    }

    private void scheduleRead() {
        if (pendingReads.getAndIncrement() == 0) {
            executor.execute(this::readWhileSignalled);
        }
    }

    private void readWhileSignalled() {
        int seen = pendingReads.get();
        while (true) {
            if (!sendEverythingNew() || !sendKeepAliveIfDue()) {
                close();
                return;
            }
            int left = pendingReads.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }

    /** @return false when the client has gone away */
    private boolean sendEverythingNew() {
        try {
            while (true) {
                if (sink.isClosed()) {
                    return false;
                }
                List<OutboxEvent> events = store.studyEventsAfter(studyId, cursor, batchSize);
                if (events.isEmpty()) {
                    return true;
                }
                CompletionStage<?> last = null;
                for (OutboxEvent event : events) {
                    last = sink.send(toSse(event));
                    cursor = event.studySeq();
                }
                // Wait for the batch to be written so that a slow client slows its own stream only.
                last.toCompletableFuture().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            LOG.infof("event stream of study %s closed: the client took over %s to accept a batch of events"
                    + " (runfleet.results.sse.write-timeout); it may resume with Last-Event-ID %d", studyId,
                    writeTimeout, cursor);
            return false;
        } catch (SQLException e) {
            LOG.warnf("event stream of study %s: %s (transient; resumes on the next event)", studyId, e.getMessage());
            return true;
        } catch (ExecutionException | RuntimeException e) {
            LOG.debugf("event stream of study %s closed by the client: %s", studyId, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return false when the client has gone away */
    private boolean sendKeepAliveIfDue() {
        if (!keepAliveDue) {
            return true;
        }
        keepAliveDue = false;
        try {
            sink.send(sse.newEventBuilder().comment("keep-alive").build()).toCompletableFuture()
                    .get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debugf("event stream of study %s closed by the client: %s", studyId, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private OutboundSseEvent toSse(OutboxEvent event) {
        return sse.newEventBuilder()
                .id(Long.toString(event.studySeq()))
                .name(event.isRunCompleted() ? EVENT_NAME : STOPPED_EVENT_NAME)
                .data(String.class, event.json())
                .build();
    }

    private void close() {
        signals.unsubscribe(onCommit);
        onClose.accept(this);
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debugf("closing the event stream of study %s: %s", studyId, e.getMessage());
        }
    }
}
