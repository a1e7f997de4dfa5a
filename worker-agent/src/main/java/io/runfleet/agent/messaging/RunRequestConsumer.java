package io.runfleet.agent.messaging;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.AgentPool;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RefusedForGoodException;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.messaging.CreditWithdrawal;
import io.runfleet.wire.messaging.Inbound;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes run requests with explicit flow control: it asks for as many runs as it has slots, plus runs sent ahead while
 * its runs are short ({@link RunsAhead}), and for one more each time a slot frees. A request is claimed (STARTED
 * report) as it starts to execute, and acked once the claim is stored; one sent ahead waits unclaimed until a slot
 * frees, and goes back unstarted if it waits too long or the agent stops taking runs. An agent that takes no more
 * (draining, stopping, deadline, max-runs) first withdraws its credit where the transport holds it at the sender
 * (ZeroMQ), so that no more requests come, and hands back any still on their way or waiting here.
 */
@Singleton
public class RunRequestConsumer implements Flow.Subscriber<Message<byte[]>> {

    static final String DRAINING = "agent draining";
    /** How often runs sent ahead are checked for having waited too long. */
    private static final Duration OVERDUE_CHECK = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    private final Multi<Message<byte[]>> requests;
    private final int slots;
    private final AgentPool pool;
    private final HeldRuns held;
    private final CancelledRuns cancelled;
    private final FinishedRuns finished;
    private final ReportSender reports;
    private final RunWorker worker;
    private final DeadlineStop deadline;
    private final RunBudget budget;
    private final RunCredit credit = new RunCredit();
    private final RunsAhead ahead;
    private final Duration aheadWait;
    private final AgentThreads threads;
    private final Instance<CreditWithdrawal> withdrawals;

    /**
     * The channel is injected as a raw {@code Multi<Message>} on purpose. For a payload-typed
     * {@code Multi<Message<byte[]>>} SmallRye inserts a payload converter built on
     * {@code transformToUniAndConcatenate}, which asks its upstream for one message at a time whatever this
     * subscriber requested: the transport then saw a demand of 1, granted the scheduler a credit of 1, and
     * each run had to wait a whole credit round trip no matter how many slots were free. Without a payload
     * type the connector's publisher is passed through, so {@code request(slots)} reaches it as credit.
     */
    @Inject
    @SuppressWarnings({"rawtypes", "unchecked"})
    public RunRequestConsumer(@Channel(Channels.RUN_REQUESTS) Multi<Message> requests, AgentConfig config,
                              AgentPool pool, HeldRuns held, CancelledRuns cancelled, FinishedRuns finished,
                              ReportSender reports, RunWorker worker, DeadlineStop deadline, RunBudget budget,
                              AgentThreads threads, @Any Instance<CreditWithdrawal> withdrawals) {
        // every transport of this channel carries byte[] payloads (docs/design.md); Inbound.decode checks them
        this.requests = (Multi<Message<byte[]>>) (Multi) requests;
        this.slots = config.slotCount();
        this.pool = pool;
        this.held = held;
        this.cancelled = cancelled;
        this.finished = finished;
        this.reports = reports;
        this.worker = worker;
        this.deadline = deadline;
        this.budget = budget;
        this.threads = threads;
        this.withdrawals = withdrawals;
        this.aheadWait = config.aheadWait();
        this.ahead = new RunsAhead(slots, config.runsAheadLimit(), aheadWait);
    }

    void start(@Observes StartupEvent event) {
        LOG.infof("taking runs %s with %d slots", pool.describe(), slots);
        requests.subscribe().withSubscriber(this);
        if (ahead.limit() > 0) {
            threads.timer().scheduleWithFixedDelay(this::handBackOverdue, OVERDUE_CHECK.toMillis(),
                    OVERDUE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Why runs handed back now are not run here: the deadline's reason once it stopped the agent, else a drain. */
    private String stopReason() {
        return deadline.isStopped() ? deadline.reason() : DRAINING;
    }

    /**
     * Asks for no more runs; runs already granted may still arrive and are handed straight back, and runs sent ahead
     * that wait here go back unstarted.
     */
    public void stopRequesting() {
        if (credit.stop()) {
            withdrawals.forEach(transport -> transport.withdrawCredit(Channels.RUN_REQUESTS));
            handBack(ahead.removeAll(), stopReason());
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        credit.attach(subscription, budget.initialCredit(slots));
    }

    @Override
    public void onNext(Message<byte[]> message) {
        Optional<RunRequest> decoded = Inbound.decode(message, RunRequest.class);
        if (decoded.isEmpty()) {
            credit.grantOne();
            return;
        }
        RunRequest request = decoded.get();
        RunRef ref = request.ref();
        if (!Objects.equals(request.pool(), pool.name().orElse(null))) {
            refuseForeign(message, request);
            return;
        }
        if (!credit.isStopped() && !deadline.admits(request, Instant.now())) {
            stopRequesting();
        }
        if (credit.isStopped()) {
            // handed back without blame: the scheduler requeues it for another agent (counted drained)
            reports.released(List.of(ref), stopReason());
            message.ack();
            return;
        }
        if (cancelled.contains(ref)) {
            // sent before the run was cancelled; the scheduler has ended it already, so it is not started
            LOG.infof("%s arrived after it was cancelled; not started", ref);
            message.ack();
            credit.grantOne();
            return;
        }
        if (finished.contains(ref)) {
            // a second delivery of an attempt this agent ran already: its result is sent, running it again
            // could only give a second result that the results service drops
            LOG.infof("%s delivered again after this agent ran it; the copy is dropped", ref);
            message.ack();
            credit.grantOne();
            return;
        }
        if (isDuplicate(ref)) {
            LOG.infof("%s delivered again while this agent holds it; the copy is dropped", ref);
            message.ack();
            credit.grantOne();
            return;
        }
        if (budget.took()) {
            // the last run this agent may take (runfleet.agent.max-runs): it asks for no more
            stopRequesting();
        }
        if (ahead.arrived(request, message, System.nanoTime())) {
            start(request, message);
        }
    }

    private boolean isDuplicate(RunRef ref) {
        return ahead.isWaiting(ref) || held.holds(ref);
    }

    /**
     * Claims the run and executes it. Acked once the claim is stored, not before: a broker that keeps the request
     * until then (RabbitMQ) hands it to another agent if this one dies first, so the scheduler needs no claim lease
     * for it. The run starts at once, without waiting for that (no round trip per run). A claim that fails is
     * repeated by heartbeats.
     */
    private void start(RunRequest request, Message<byte[]> message) {
        RunRef ref = request.ref();
        if (!held.hold(request)) {
            // a copy that came in while the first left the waiting runs for its slot
            LOG.infof("%s delivered again while this agent holds it; the copy is dropped", ref);
            message.ack();
            startNext(ahead.slotFreedUnused(cancelled::contains));
            return;
        }
        reports.started(ref).whenComplete((stored, failure) -> message.ack());
        long startNanos = System.nanoTime();
        if (!worker.submit(request, () -> slotFreed(Duration.ofNanos(System.nanoTime() - startNanos)))) {
            held.drop(ref);
            reports.released(List.of(ref), DRAINING);
        }
    }

    /** Starts the run waiting next, if any, and asks for as many runs as {@link RunsAhead} says. */
    private void slotFreed(Duration took) {
        startNext(ahead.slotFreed(took, cancelled::contains));
    }

    private void startNext(RunsAhead.Freed freed) {
        for (RunsAhead.Waiting dropped : freed.dropped()) {
            // cancelled while it waited here: the scheduler has ended it already, so it is not started
            LOG.infof("%s was cancelled while it waited for a slot; not started", dropped.request().ref());
            dropped.message().ack();
        }
        if (freed.next() != null) {
            start(freed.next().request(), freed.next().message());
        }
        credit.grant(freed.credit());
    }

    /** Runs sent ahead that waited too long behind longer runs go back to the scheduler for another agent. */
    private void handBackOverdue() {
        try {
            RunsAhead.Handback overdue = ahead.overdue(System.nanoTime());
            handBack(overdue.runs(), "waited over " + aheadWait.toMillis() + " ms for a slot behind longer runs "
                    + "(runfleet.agent.ahead-wait)");
            credit.grant(overdue.credit());
        } catch (RuntimeException e) {
            LOG.warnf(e, "handing back runs that waited too long failed; tried again in %d ms",
                    OVERDUE_CHECK.toMillis());
        }
    }

    /** Hands back, unstarted and without blame, runs that waited here: the scheduler requeues them. */
    private void handBack(List<RunsAhead.Waiting> runs, String reason) {
        if (runs.isEmpty()) {
            return;
        }
        List<RunRef> refs = runs.stream().map(run -> run.request().ref()).toList();
        LOG.infof("handing back %s, not started: %s", refs, reason);
        reports.released(refs, reason);
        runs.forEach(run -> run.message().ack());
    }

    /**
     * The transport routes by pool, so a request of another pool here is a wiring fault (a queue bound to the wrong
     * key, say): it is refused for good, naming both pools, and its run handed back so that the scheduler sends it
     * again (over RabbitMQ the refusal also dead-letters the request with the reason).
     */
    private void refuseForeign(Message<byte[]> message, RunRequest request) {
        String reason = request.ref() + " of Study(id=" + request.studyId() + ") is for "
                + (request.pool() == null ? "agents without a pool" : "pool " + request.pool()) + ", and this agent"
                + " takes runs " + pool.describe() + " (runfleet.agent.pool); refused";
        LOG.warn(reason);
        reports.released(List.of(request.ref()), reason);
        message.nack(new RefusedForGoodException(reason));
        credit.grantOne();
    }

    @Override
    public void onError(Throwable failure) {
        // Without its request stream the agent can do nothing; exiting lets its launcher replace it.
        LOG.errorf(failure, "the %s stream failed; the agent exits", Channels.RUN_REQUESTS);
        Quarkus.asyncExit(1);
    }

    @Override
    public void onComplete() {
        LOG.infof("the %s stream ended; no more runs will arrive", Channels.RUN_REQUESTS);
    }
}
