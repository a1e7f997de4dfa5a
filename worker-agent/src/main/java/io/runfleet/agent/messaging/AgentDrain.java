package io.runfleet.agent.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Graceful stop (SIGTERM, as Slurm sends before walltime): take no more runs, let the runs in progress
 * finish and their results be stored within {@code drain-timeout}, then kill what remains and hand it
 * back to the scheduler (RELEASED) so it is rescheduled at once instead of after a lease expiry. A run whose
 * result is on its way is not handed back ({@link HeldRuns#releaseUndelivered}).
 */
@Singleton
public class AgentDrain {

    private static final Logger LOG = Logger.getLogger(AgentDrain.class);
    /** How long the RELEASED report may take to be acknowledged before the agent exits anyway. */
    private static final Duration RELEASE_ACK_WAIT = Duration.ofSeconds(5);

    private final RunRequestConsumer consumer;
    private final HeldRuns held;
    private final RunExecutor executor;
    private final ReportSender reports;
    private final AgentThreads threads;
    private final Duration drainTimeout;

    public AgentDrain(RunRequestConsumer consumer, HeldRuns held, RunExecutor executor, ReportSender reports,
                      AgentThreads threads, AgentConfig config) {
        this.consumer = consumer;
        this.held = held;
        this.executor = executor;
        this.reports = reports;
        this.threads = threads;
        this.drainTimeout = config.drainTimeout();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        consumer.stopRequesting();
        try {
            if (!held.isEmpty()) {
                LOG.infof("draining: waiting up to %d ms for %d held runs", drainTimeout.toMillis(), held.size());
            }
            if (!held.awaitEmpty(drainTimeout)) {
                releaseRemaining();
            }
            threads.shutdown(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseRemaining();
        }
    }

    private void releaseRemaining() {
        // only runs whose result has not gone out: one the results service may have stored must not run again
        List<RunRef> remaining = held.releaseUndelivered();
        executor.stopAll(RunRequestConsumer.DRAINING);
        if (!held.isEmpty()) {
            LOG.infof("not released, their results on the way: %s; a result not stored is retried when its lease "
                    + "expires", held.refs());
        }
        if (remaining.isEmpty()) {
            return;
        }
        LOG.infof("drain timeout of %d ms passed; released %s", drainTimeout.toMillis(), remaining);
        try {
            reports.released(remaining, RunRequestConsumer.DRAINING).toCompletableFuture()
                    .get(RELEASE_ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("RELEASED report for %s not acknowledged; their leases will expire instead", remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
