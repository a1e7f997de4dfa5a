package io.runfleet.scheduler.dispatch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.failure.DatabaseFailures;
import io.runfleet.wire.failure.VitalThread;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The one thread that changes runs. It group-commits incoming messages (acknowledging them only after the commit),
 * dispatches (every dispatch interval, and at once when something freed a slot or a study arrived), sweeps leases
 * and runs cancellations. One writer means no two transactions of this service ever fight over a run.
 */
@ApplicationScoped
public class SchedulerLoop {

    private static final Logger LOG = Logger.getLogger(SchedulerLoop.class);
    /**
     * Back-off while the database is unreachable: the first retry soon (a broken pooled connection is replaced at
     * once), then doubling up to a cap well under a lease, so that the held heartbeats renew their leases within a
     * couple of seconds of the database coming back.
     */
    private static final long OUTAGE_FIRST_RETRY_MILLIS = 100;
    private static final long OUTAGE_MAX_RETRY_MILLIS = 2_000;

    /** Work for the loop: a decoded message with its transport message, or a task. */
    private record Received(Object payload, Message<?> message) { }

    private record Task(TransactionalWork work, CompletableFuture<Boolean> result) { }

    /** Something done in the loop's transaction. */
    @FunctionalInterface
    public interface TransactionalWork {
        boolean run(Connection connection, Instant now) throws Exception;
    }

    private final LoopMailbox mailbox;
    private final SchedulerConfig config;
    private final AgroalDataSource dataSource;
    private final Dispatcher dispatcher;
    private final InboxApplier applier;
    private final LeaseSweeper sweeper;
    private final RunRequestPublisher publisher;
    private final RestartRecovery recovery;
    private final RequestHandOvers handOvers;
    private final StudyFailures failures;
    private final StudySlices slices;
    private final SamplerWakeups samplerWakeups;
    private volatile boolean running;
    /** What ended the loop thread while it should have run; null while it runs. */
    private volatile Throwable death;
    private Thread thread;

    public SchedulerLoop(SchedulerConfig config, AgroalDataSource dataSource, Dispatcher dispatcher,
                         InboxApplier applier, LeaseSweeper sweeper, RunRequestPublisher publisher,
                         RestartRecovery recovery, RequestHandOvers handOvers, StudyFailures failures,
                         StudySlices slices, SamplerWakeups samplerWakeups) {
        this.config = config;
        this.dataSource = dataSource;
        this.dispatcher = dispatcher;
        this.applier = applier;
        this.sweeper = sweeper;
        this.publisher = publisher;
        this.recovery = recovery;
        this.mailbox = new LoopMailbox(config.mailboxCapacity());
        this.handOvers = handOvers;
        this.failures = failures;
        this.slices = slices;
        this.samplerWakeups = samplerWakeups;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::loop, "runfleet-scheduler-loop");
        running = true; // after the thread exists: a health probe never sees a running loop without one
        thread.start();
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event)
            throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /**
     * Queues a decoded message (an {@link io.runfleet.wire.AgentReport}, a {@link io.runfleet.wire.RunCompleted}, or
     * a {@link RequestDeadLettered}); it is acknowledged once its change is committed. Waits while the mailbox is full
     * ({@code mailbox-capacity}): the caller is the transport's delivery thread, and making it wait keeps the
     * surplus in the transport (bounded, resent by the senders) rather than in this heap.
     */
    public void accept(Object payload, Message<?> message) {
        mailbox.putMessage(new Received(payload, message));
    }

    /** Asks for a dispatch round now (a study arrived). */
    public void wake() {
        mailbox.wake();
    }

    /** Runs {@code work} on the loop in its own transaction; the future completes after the commit. */
    public CompletableFuture<Boolean> submit(TransactionalWork work) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        mailbox.putTask(new Task(work, result));
        return result;
    }

    /**
     * Why the loop is not running when it should: it died (an Error it cannot go on after, such as running out of
     * memory), or its thread is gone. Empty while it runs. Nothing changes runs without the loop, so the service's
     * liveness is DOWN and an orchestrator restarts it.
     */
    public Optional<String> problem() {
        Throwable cause = death;
        if (cause != null) {
            return Optional.of("the scheduler loop died: " + cause);
        }
        if (running && (thread == null || !thread.isAlive())) {
            return Optional.of("the scheduler loop thread is not running");
        }
        return Optional.empty();
    }

    private void loop() {
        try {
            recoverRunsInFlight();
            rounds();
        } catch (Throwable e) {
            // an Error (or anything the rounds do not expect): going on could apply half a batch again; a restart
            // recovers the runs in flight from the database (RestartRecovery)
            death = e;
            LOG.fatalf(e, "the scheduler loop died; the service reports itself not live (GET /health/live) so that "
                    + "it is restarted");
        }
    }

    private void rounds() {
        long nextDispatch = 0;
        long nextSweep = 0;
        while (running) {
            try {
                long wait = Math.max(0, Math.min(nextDispatch, nextSweep) - System.nanoTime());
                Object first = mailbox.poll(wait);
                List<Object> batch = first == null ? List.of() : collect(first);
                boolean changed = handle(batch);
                if (System.nanoTime() >= nextSweep) {
                    changed |= inTransaction(sweeper::sweep);
                    nextSweep = System.nanoTime() + config.sweepInterval().toNanos();
                }
                if (changed) {
                    samplerWakeups.wake(); // a result may have come in: the built-in sampler proposes the next points
                }
                if (changed || System.nanoTime() >= nextDispatch) {
                    dispatch();
                    nextDispatch = System.nanoTime() + config.dispatchInterval().toNanos();
                }
                if (failures.pending()) {
                    // a study met with an unreadable row in this round fails in a transaction of its own
                    inTransaction(failures::failPending);
                }
                if (slices.pending()) {
                    // one slice of a large cancel or resume per round, between the other studies' work
                    inTransaction(slices::step);
                }
            } catch (InterruptedException e) {
                if (running) {
                    LOG.warn("scheduler loop interrupted; going on");
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break; // the datasource may already be closing; uncommitted work is redelivered on restart
                }
                VitalThread.throwIfFatal(e);
                // Transient (database unreachable, deadlock): nothing was committed; try again shortly.
                LOG.errorf(e, "scheduler loop round failed; retrying in 1 s");
                pause();
            }
        }
    }

    /**
     * The first item plus whatever arrives within the commit window, up to the batch size. A task (new runs of a
     * sampler, a cancel) does not wait out the window: it comes alone, someone waits for its commit, and messages
     * already queued behind it still join the batch. The window is for messages, which come in bursts.
     */
    private List<Object> collect(Object first) throws InterruptedException {
        List<Object> batch = new ArrayList<>();
        batch.add(first);
        long window = first instanceof Task ? 0 : config.commitWindow().toNanos();
        long deadline = System.nanoTime() + window;
        while (batch.size() < config.commitBatchSize()) {
            Object next = mailbox.poll(Math.max(0, deadline - System.nanoTime()));
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private boolean handle(List<Object> batch) throws InterruptedException {
        boolean changed = false;
        List<Received> received = new ArrayList<>();
        for (Object item : batch) {
            if (item == LoopMailbox.WAKE) {
                changed = true;
            } else if (item instanceof Received message) {
                received.add(message);
            }
        }
        if (!received.isEmpty()) {
            changed |= applyAll(received);
        }
        for (Object item : batch) {
            if (item instanceof Task task) {
                try {
                    boolean done = inTransaction(task.work());
                    task.result().complete(done);
                    changed |= done;
                } catch (RuntimeException e) {
                    task.result().completeExceptionally(e);
                    VitalThread.throwIfFatal(e);
                }
            }
        }
        return changed;
    }

    /**
     * One transaction for the whole batch. While the database is unreachable the batch is tried again with back-off
     * and stays unacknowledged (nothing committed, nothing refused): once the database is back its heartbeats renew
     * their leases before the next sweep. Any other failure makes each message be tried alone, so that one bad
     * message cannot hold back the others. Messages are acknowledged only after their change is committed.
     */
    private boolean applyAll(List<Received> received) throws InterruptedException {
        try {
            boolean changed = applyThroughOutages(received);
            received.forEach(item -> item.message().ack());
            return changed;
        } catch (RuntimeException batchFailure) {
            if (!running) {
                return false; // shutting down: unacknowledged, so the senders deliver them again
            }
            VitalThread.throwIfFatal(batchFailure); // unacknowledged: delivered again to the restarted service
            if (received.size() == 1) {
                LOG.errorf(batchFailure, "cannot apply %s; refusing it", received.get(0).payload());
                received.get(0).message().nack(batchFailure);
                return false;
            }
            LOG.warnf("group commit of %d messages failed (%s); applying them one by one",
                    received.size(), batchFailure.getMessage());
            boolean changed = false;
            for (Received item : received) {
                changed |= applyAll(List.of(item));
            }
            return changed;
        }
    }

    /** {@link #apply}, tried again with back-off for as long as the database is unreachable and the loop runs. */
    private boolean applyThroughOutages(List<Received> received) throws InterruptedException {
        long retryMillis = OUTAGE_FIRST_RETRY_MILLIS;
        while (true) {
            try {
                return apply(received);
            } catch (RuntimeException e) {
                if (!running || !DatabaseFailures.isTransient(e)) {
                    throw e;
                }
                LOG.warnf("applying %d messages failed (transient: %s); they stay unacknowledged, trying again in %d ms",
                        received.size(), rootMessage(e), retryMillis);
                Thread.sleep(retryMillis);
                retryMillis = Math.min(2 * retryMillis, OUTAGE_MAX_RETRY_MILLIS);
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private boolean apply(List<Received> received) {
        List<Object> payloads = received.stream().map(Received::payload).toList();
        return inTransaction((connection, now) -> applier.apply(connection, payloads, now));
    }

    /** Before the first sweep: runs left in flight by an earlier process must not be judged by its leases. */
    private void recoverRunsInFlight() {
        while (running) {
            try {
                inTransaction(recovery::recover);
                return;
            } catch (RuntimeException e) {
                VitalThread.throwIfFatal(e);
                LOG.errorf(e, "cannot take over the runs in flight yet; retrying in 1 s");
                pause();
            }
        }
    }

    /**
     * Records what the transport did with the requests sent so far (their claim leases start) and dispatches, in one
     * transaction, so that a hand-over costs no commit of its own (at most a dispatch interval late; its time was
     * taken when it happened). If the transaction fails the hand-overs are kept for the next round: no run may wait
     * for a claim lease that never started.
     */
    private void dispatch() {
        List<RequestHandOvers.HandOver> settled = handOvers.drain();
        List<RunRequest> requests;
        try {
            requests = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    Instant now = Instant.now();
                    handOvers.apply(connection, settled, now);
                    return dispatcher.dispatch(connection, now);
                }
            });
        } catch (RuntimeException e) {
            handOvers.restore(settled);
            throw e;
        }
        publisher.publish(requests);
    }

    private boolean inTransaction(TransactionalWork work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection, Instant.now());
            }
        });
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
