package io.runfleet.results.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.results.config.ResultsConfig;
import io.runfleet.wire.Channels;
import io.runfleet.wire.failure.VitalThread;
import io.runfleet.wire.messaging.Refusals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends outbox events to the scheduler in event id order and marks them relayed once the scheduler
 * has acknowledged them. At most {@code relay.max-in-flight} events wait for an acknowledgement. A
 * refused or failed send makes the relay start again from that event after {@code relay.retry-delay};
 * events sent twice are dropped by the scheduler by event id. After a restart every event not yet
 * marked is sent again. Each event also goes, best effort, to the {@code run-events} broadcast. A study's stop
 * ({@code study.stopped}) goes to the broadcast only and is marked at once: the scheduler sent it.
 * <p>
 * Events the writer has just committed come in memory ({@link CommittedEvents}), so that the relay does not read
 * back and decode what was just written. It reads the store at start, after a refusal, when the safety-net poll
 * found that nothing woke it, and whenever memory does not hold the id right after its cursor: the store decides
 * what is sent, memory only spares reading it.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Upper bound of relay.max-in-flight: the emitter's buffer must hold every unacknowledged event. */
    static final int MAX_IN_FLIGHT_LIMIT = 1000;

    private final OutboxStore store;
    private final OutboxSignals signals;
    private final CommittedEvents committed;
    private final ResultsConfig.Relay config;
    private final Emitter<byte[]> completions;
    private final Emitter<byte[]> broadcasts;
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> refused = new ConcurrentLinkedQueue<>();
    private final Wakeup wakeup = new Wakeup();
    private final Consumer<Set<String>> onCommit = studies -> wakeup.signal();
    private volatile boolean running;
    private VitalThread thread;
    /** The highest event id sent; only the relay thread touches it. */
    private long cursor;
    /** Whether the next events must come from the store rather than memory; only the relay thread touches it. */
    private boolean readStore = true;
    /** After a refusal nothing is sent before this time (System.nanoTime); only the relay thread touches it. */
    private long resumeAtNanos = System.nanoTime();

    @Inject
    OutboxRelay(OutboxStore store, OutboxSignals signals, CommittedEvents committed, ResultsConfig config,
            @Channel(Channels.RUN_COMPLETED) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = MAX_IN_FLIGHT_LIMIT)
            Emitter<byte[]> completions,
            @Channel(Channels.RUN_EVENTS) @OnOverflow(OnOverflow.Strategy.DROP) Emitter<byte[]> broadcasts) {
        this(store, signals, committed, config.relay(), completions, broadcasts);
    }

    OutboxRelay(OutboxStore store, OutboxSignals signals, CommittedEvents committed, ResultsConfig.Relay config,
            Emitter<byte[]> completions, Emitter<byte[]> broadcasts) {
        this.store = store;
        this.signals = signals;
        this.committed = committed;
        this.config = config;
        int maxInFlight = this.config.maxInFlight();
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("runfleet.results.relay.max-in-flight is " + maxInFlight
                    + "; set it between 1 and " + MAX_IN_FLIGHT_LIMIT);
        }
        this.completions = completions;
        this.broadcasts = broadcasts;
        this.inFlight = new Semaphore(maxInFlight);
    }

    void start(@Observes StartupEvent event) {
        signals.subscribe(onCommit);
        running = true;
        thread = new VitalThread("outbox-relay", this::relay);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        signals.unsubscribe(onCommit);
        running = false;
        wakeup.signal();
        if (thread != null) {
            thread.stopping();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Why the relay no longer sends completion events, or empty while it runs. */
    public Optional<String> problem() {
        return thread == null ? Optional.of("the outbox relay has not started") : thread.problem();
    }

    private void relay() {
        while (running) {
            try {
                markAcknowledged();
                if (rewindAfterRefusal()) {
                    resumeAtNanos = System.nanoTime() + config.retryDelay().toNanos();
                }
                long pauseNanos = resumeAtNanos - System.nanoTime();
                if (pauseNanos > 0) {
                    // Still marks acknowledgements that arrive meanwhile, but sends nothing until then.
                    wakeup.await(Duration.ofNanos(pauseNanos));
                    continue;
                }
                if (!sendNextBatch() && !wakeup.await(config.pollInterval())) {
                    readStore = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                LOG.warnf("outbox relay: %s (transient; trying again in %s)", e.getMessage(), config.retryDelay());
                sleepQuietly(config.retryDelay());
            } catch (RuntimeException e) {
                VitalThread.throwIfFatal(e);
                LOG.warnf("outbox relay: %s (transient; trying again in %s)", e.getMessage(), config.retryDelay());
                sleepQuietly(config.retryDelay());
            }
        }
        markAcknowledgedQuietly();
    }

    /** @return whether to go on at once: events were sent, or the store holds some that memory lacks */
    private boolean sendNextBatch() throws SQLException, InterruptedException {
        int room = inFlight.availablePermits();
        if (room == 0) {
            return false;
        }
        int limit = Math.min(room, config.batchSize());
        if (readStore) {
            List<OutboxEvent> events = store.unrelayedAfter(cursor, limit);
            // a full page: more may wait; otherwise whatever is committed later comes in memory
            readStore = events.size() == limit;
            sendAll(events);
            return !events.isEmpty();
        }
        CommittedEvents.Following following = committed.following(cursor, limit);
        sendAll(following.events());
        readStore = following.readStore();
        return readStore || !following.events().isEmpty();
    }

    private void sendAll(List<OutboxEvent> events) throws InterruptedException {
        for (OutboxEvent event : events) {
            inFlight.acquire();
            cursor = event.eventId();
            send(event);
        }
    }

    private void send(OutboxEvent event) {
        if (!event.isRunCompleted()) {
            broadcastOnly(event);
            return;
        }
        byte[] payload = event.json().getBytes(StandardCharsets.UTF_8);
        long eventId = event.eventId();
        try {
            completions.send(Message.of(payload,
                    () -> {
                        acknowledged.add(eventId);
                        inFlight.release();
                        wakeup.signal();
                        return CompletableFuture.completedFuture(null);
                    },
                    reason -> {
                        if (Refusals.isTerminal(reason)) {
                            // resending the same event cannot help: marked relayed rather than resent forever
                            LOG.errorf("event %d of %s refused for good by the scheduler: %s (not sent again)",
                                    eventId, event.describe(), Refusals.reason(reason));
                            acknowledged.add(eventId);
                        } else {
                            LOG.warnf("event %d of %s not acknowledged by the scheduler: %s (transient; sent again)",
                                    eventId, event.describe(), Refusals.reason(reason));
                            refused.add(eventId);
                        }
                        inFlight.release();
                        wakeup.signal();
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            LOG.warnf("event %d of %s not sent: %s (transient; sent again)", eventId, event.describe(), e.getMessage());
            refused.add(eventId);
            inFlight.release();
        }
        broadcast(eventId, payload);
    }

    /**
     * A study's stop came from the scheduler, which has nothing to learn from it: it is broadcast only, and done with
     * at once.
     */
    private void broadcastOnly(OutboxEvent event) {
        broadcast(event.eventId(), event.json().getBytes(StandardCharsets.UTF_8));
        acknowledged.add(event.eventId());
        inFlight.release();
        wakeup.signal();
    }

    private void broadcast(long eventId, byte[] payload) {
        try {
            broadcasts.send(Message.of(payload));
        } catch (RuntimeException e) {
            LOG.debugf("event %d not broadcast (best effort): %s", eventId, e.getMessage());
        }
    }

    /** After a refusal, start again from the oldest refused event; later ones are simply sent again. */
    private boolean rewindAfterRefusal() {
        long oldest = Long.MAX_VALUE;
        for (Long eventId = refused.poll(); eventId != null; eventId = refused.poll()) {
            oldest = Math.min(oldest, eventId);
        }
        if (oldest == Long.MAX_VALUE) {
            return false;
        }
        cursor = Math.min(cursor, oldest - 1);
        readStore = true;
        return true;
    }

    private void markAcknowledged() throws SQLException {
        List<Long> eventIds = new ArrayList<>();
        for (Long eventId = acknowledged.poll(); eventId != null; eventId = acknowledged.poll()) {
            eventIds.add(eventId);
        }
        if (eventIds.isEmpty()) {
            return;
        }
        try {
            store.markRelayed(eventIds, Instant.now());
        } catch (SQLException e) {
            acknowledged.addAll(eventIds);
            throw e;
        }
    }

    private void markAcknowledgedQuietly() {
        try {
            markAcknowledged();
        } catch (SQLException e) {
            LOG.infof("acknowledged events not marked before shutdown (they are sent again at start): %s", e.getMessage());
        }
    }

    private static void sleepQuietly(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
