package io.runfleet.results.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.results.config.ResultsConfig;
import io.runfleet.results.outbox.CommittedEvents;
import io.runfleet.results.outbox.CommittedEvent;
import io.runfleet.results.outbox.OutboxSignals;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.failure.DatabaseFailures;
import io.runfleet.wire.failure.VitalThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Stores results with group commits: one thread takes whatever has queued up (at most
 * {@code runfleet.results.ingest.batch-size}), stores it in one transaction, then acks every message of
 * the batch. No linger: while one batch commits the next one fills, so batches grow with the load and
 * a lone result is stored at once. One writer also makes outbox event ids increase in commit order, and numbers
 * each study's events ({@link StudySeqCounter}) in the transaction that stores them. Studies' stops
 * ({@link StudyStopIngest}) come the same way, so that they are numbered with the run events. After each commit the
 * writer hands the committed events to the relay ({@link CommittedEvents}), which then need not read them back.
 */
@ApplicationScoped
public class GroupCommitWriter {

    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class);
    /**
     * Cap of the doubling back-off while the database is unreachable: an outage is waited out (the results stay
     * unacknowledged and the agents hold them), and the first commit after it comes within this long.
     */
    private static final long OUTAGE_MAX_BACKOFF_MILLIS = 2_000;

    private final AgroalDataSource dataSource;
    private final OutboxSignals signals;
    private final CommittedEvents committed;
    private final ResultsConfig.Ingest config;
    private final BlockingQueue<PendingResult> queue;
    /** Touched by the writer thread only. */
    private final StudySeqCounter studySeqs = new StudySeqCounter();
    private volatile boolean running;
    private VitalThread thread;

    GroupCommitWriter(AgroalDataSource dataSource, OutboxSignals signals, CommittedEvents committed,
            ResultsConfig config) {
        this.dataSource = dataSource;
        this.signals = signals;
        this.committed = committed;
        this.config = config.ingest();
        this.queue = new ArrayBlockingQueue<>(this.config.queueCapacity());
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new VitalThread("results-writer", this::drain);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.stopping();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Why the writer no longer stores results, or empty while it runs. */
    public Optional<String> problem() {
        return thread == null ? Optional.of("the results writer has not started") : thread.problem();
    }

    /** Queues a result; waits while the queue is full, which slows the sender down. */
    void submit(RunResult result, Message<?> message)
            throws InterruptedException {
        queue.put(PendingResult.of(result, message));
    }

    /** Queues a study's stop, to be numbered and stored like a result; waits while the queue is full. */
    void submit(StudyStopped stop, Message<?> message) throws InterruptedException {
        queue.put(PendingResult.of(stop, message));
    }

    private void drain() {
        List<PendingResult> batch = new ArrayList<>(config.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                PendingResult first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.batchSize() - 1);
                storeWithRetries(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                // Whatever went wrong, the batch is nacked (the senders resend it) and we go on, unless it was an
                // Error: then the writer ends and the service reports itself not live
                batch.forEach(pending -> pending.message().nack(e));
                VitalThread.throwIfFatal(e);
                LOG.errorf(e, "storing a batch of %d results failed unexpectedly; nacked them", batch.size());
            } catch (Error e) {
                batch.forEach(pending -> pending.message().nack(new IllegalStateException("results writer died", e)));
                throw e;
            } finally {
                batch.clear();
            }
        }
        LOG.debug("results writer stopped");
    }

    private void storeWithRetries(List<PendingResult> batch) throws InterruptedException {
        long backoffMillis = config.commitBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                store(batch);
                return;
            } catch (SQLException e) {
                if (isDataError(e)) {
                    storeOneByOne(batch, e);
                    return;
                }
                // The database being away passes by itself: retry for as long as it takes rather than nack results
                // that the agents would then drop (their runs would be executed again once their leases expired).
                boolean outage = DatabaseFailures.isTransient(e);
                if (!running || (!outage && attempt >= config.commitRetries())) {
                    LOG.warnf("storing %d results failed (transient: %s); nacking them so they are sent again",
                            batch.size(), e.getMessage());
                    batch.forEach(pending -> pending.message().nack(e));
                    return;
                }
                LOG.infof("storing %d results failed (transient: %s); retrying in %d ms",
                        batch.size(), e.getMessage(), backoffMillis);
                Thread.sleep(backoffMillis);
                backoffMillis = outage ? Math.min(2 * backoffMillis, OUTAGE_MAX_BACKOFF_MILLIS) : 2 * backoffMillis;
            }
        }
    }

    /** A batch refused for its data: store each result alone so one bad result cannot hold back the rest. */
    private void storeOneByOne(List<PendingResult> batch, SQLException batchFailure) {
        if (batch.size() == 1) {
            PendingResult pending = batch.get(0);
            LOG.warnf("%s refused by the database (terminal: %s); nacking it",
                    pending.describe(), batchFailure.getMessage());
            pending.message().nack(batchFailure);
            return;
        }
        for (PendingResult pending : batch) {
            try {
                store(List.of(pending));
            } catch (SQLException e) {
                LOG.warnf("%s not stored (%s: %s); nacking it", pending.describe(),
                        isDataError(e) ? "terminal" : "transient", e.getMessage());
                pending.message().nack(e);
            }
        }
    }

    private void store(List<PendingResult> batch) throws SQLException {
        List<RunResult> results = batch.stream().map(PendingResult::result).filter(Objects::nonNull).toList();
        List<StudyStopped> stops = batch.stream().map(PendingResult::stop).filter(Objects::nonNull).toList();
        List<RunResult> fresh;
        List<StudyStopped> freshStops;
        List<CommittedEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                StudySeqCounter.Reservation seqs = studySeqs.begin(connection);
                Instant now = Instant.now();
                fresh = AttemptBatchInsert.insertNew(connection, results, now, seqs, events);
                freshStops = StudyStopInsert.insertNew(connection, stops, now, seqs, events);
                connection.commit();
                seqs.committed();
            } catch (SQLException | RuntimeException e) {
                studySeqs.forget();
                connection.rollback();
                throw e;
            }
        }
        // the relay takes them in event id order: the run events' and the stops' inserts return theirs in any order
        events.sort(Comparator.comparingLong(CommittedEvent::eventId));
        committed.handOver(events);
        batch.forEach(pending -> pending.message().ack());
        if (fresh.size() < results.size()) {
            LOG.debugf("stored %d results, skipped %d duplicate deliveries", fresh.size(), results.size() - fresh.size());
        }
        if (freshStops.size() < stops.size()) {
            LOG.debugf("dropped %d repeated study stops", stops.size() - freshStops.size());
        }
        if (!fresh.isEmpty() || !freshStops.isEmpty()) {
            Set<String> studies = new LinkedHashSet<>();
            fresh.forEach(result -> studies.add(result.studyId()));
            freshStops.forEach(stop -> studies.add(stop.studyId()));
            signals.eventsCommitted(studies);
        }
    }

    /** SQL states of class 22 (data exception) and 23 (constraint violation): resending cannot help. */
    private static boolean isDataError(SQLException e) {
        return DatabaseFailures.isDataError(e);
    }
}
