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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes run requests with explicit flow control: it asks for as many runs as it has slots and for
 * one more each time a slot frees, so it never holds more runs than slots and long runs never queue
 * here behind others. A request is claimed (STARTED report) as it starts to execute, and acked once the claim
 * is stored. An agent that takes no more (draining, stopping, deadline, max-runs) first withdraws its credit where the
 * transport holds it at the sender (ZeroMQ), so that no more requests come, and hands back any still on their way.
 */
@Singleton
public class RunRequestConsumer implements Flow.Subscriber<Message<byte[]>> {

    static final String DRAINING = "agent draining";

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
                              @Any Instance<CreditWithdrawal> withdrawals) {
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
        this.withdrawals = withdrawals;
    }

    void start(@Observes StartupEvent event) {
        LOG.infof("taking runs %s with %d slots", pool.describe(), slots);
        requests.subscribe().withSubscriber(this);
    }

    /** Asks for no more runs; runs already granted may still arrive and are handed straight back. */
    public void stopRequesting() {
        if (credit.stop()) {
            withdrawals.forEach(transport -> transport.withdrawCredit(Channels.RUN_REQUESTS));
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
            reports.released(List.of(ref), deadline.isStopped() ? deadline.reason() : DRAINING);
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
        if (!held.hold(request)) {
            LOG.infof("%s delivered again while this agent holds it; the copy is dropped", ref);
            message.ack();
            credit.grantOne();
            return;
        }
        if (budget.took()) {
            // the last run this agent may take (runfleet.agent.max-runs): it asks for no more
            stopRequesting();
        }
        // Acked once the claim is stored, not before: a broker that keeps the request until then (RabbitMQ) hands
        // it to another agent if this one dies first, so the scheduler needs no claim lease for it. The run starts
        // at once, without waiting for that (no round trip per run). A claim that fails is repeated by heartbeats.
        reports.started(ref).whenComplete((stored, failure) -> message.ack());
        if (!worker.submit(request, credit::grantOne)) {
            held.drop(ref);
            reports.released(List.of(ref), DRAINING);
        }
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
