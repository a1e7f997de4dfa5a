package io.runfleet.agent.messaging;

import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.messaging.Inbound;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Stops the runs a {@link CancelRuns} broadcast names, among those this agent holds; the others belong to other
 * agents, or have not arrived yet (then {@link CancelledRuns} keeps them from starting). A stopped run's
 * execution ends CANCELLED and is reported like any other (see {@link RunWorker}): its result goes to the results
 * service with the cancel's reason as error, and its slot frees at once. A CANCELLED result rather than a RELEASED
 * report, because RELEASED means "run it again elsewhere" (PENDING), while the scheduler has already ended the
 * run: the result only records on the attempt what became of it.
 */
@Singleton
public class CancelConsumer {

    private static final Logger LOG = Logger.getLogger(CancelConsumer.class);
    private static final String NO_REASON = "cancelled";

    private final HeldRuns held;
    private final CancelledRuns cancelled;
    private final RunExecutor executor;
    private final AgentThreads threads;

    public CancelConsumer(HeldRuns held, CancelledRuns cancelled, RunExecutor executor, AgentThreads threads) {
        this.held = held;
        this.cancelled = cancelled;
        this.executor = executor;
        this.threads = threads;
    }

    @Incoming(Channels.AGENT_CONTROL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public CompletionStage<Void> onCancel(Message<byte[]> message) {
        Inbound.decode(message, CancelRuns.class).ifPresent(cancel -> {
            String reason = cancel.reason() == null || cancel.reason().isBlank() ? NO_REASON : cancel.reason();
            // first, so that a request arriving once a stopped run's slot is free finds it cancelled
            cancelled.remember(cancel.runs());
            for (RunRef ref : cancel.runs()) {
                if (held.holds(ref)) {
                    stop(ref, reason);
                }
            }
            message.ack();
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Off the transport's thread: a stop waits out the grace between SIGTERM and SIGKILL. */
    private void stop(RunRef ref, String reason) {
        try {
            threads.stops().execute(() -> {
                if (!executor.cancel(ref, reason)) {
                    LOG.debugf("%s: cancel (%s) came after its command ended; its result stands", ref, reason);
                }
            });
        } catch (RejectedExecutionException stopping) {
            LOG.debugf("%s: cancel ignored, the agent is stopping and kills every run anyway", ref);
        }
    }
}
