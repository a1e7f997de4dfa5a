package io.runfleet.agent.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.OnStop;
import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Stop on SIGTERM (as Slurm sends on preemption, scancel or walltime), as {@code runfleet.agent.on-stop} says. Both
 * ways take no more runs. {@code drain}: let the runs in progress finish and their results be stored within
 * {@code drain-timeout}, then kill what remains and hand it back (RELEASED: requeued as drained) so it is rescheduled
 * at once instead of after a lease expiry. {@code requeue}: the allocation is going away, so kill the runs at once and
 * hand them back (INTERRUPTED: requeued as preempted), well inside the few seconds before the SIGKILL. Either way a run
 * whose result is on its way is not handed back ({@link HeldRuns#releaseUndelivered}).
 */
@Singleton
public class AgentDrain {

    static final String STOPPED = "agent stopped (on-stop=requeue)";

    private static final Logger LOG = Logger.getLogger(AgentDrain.class);
    /** How long the hand-back report may take to be acknowledged before the agent exits anyway. */
    private static final Duration RELEASE_ACK_WAIT = Duration.ofSeconds(5);
    /** How long the run threads get to end once their processes are killed. */
    private static final Duration THREADS_WAIT = Duration.ofSeconds(5);

    private final RunRequestConsumer consumer;
    private final HeldRuns held;
    private final RunExecutor executor;
    private final ReportSender reports;
    private final AgentThreads threads;
    private final Duration drainTimeout;
    private final OnStop onStop;
    private final AgentStopping stopping;

    public AgentDrain(RunRequestConsumer consumer, HeldRuns held, RunExecutor executor, ReportSender reports,
                      AgentThreads threads, AgentStopping stopping, AgentConfig config) {
        this.stopping = stopping;
        this.consumer = consumer;
        this.held = held;
        this.executor = executor;
        this.reports = reports;
        this.threads = threads;
        this.drainTimeout = config.drainTimeout();
        this.onStop = config.onStop();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping.markStopping();
        consumer.stopRequesting();
        try {
            if (onStop == OnStop.REQUEUE) {
                handBack(STOPPED, reports::interrupted);
            } else {
                drain();
            }
            threads.shutdown(THREADS_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handBack(RunRequestConsumer.DRAINING, reports::released);
        }
    }

    private void drain() throws InterruptedException {
        if (!held.isEmpty()) {
            LOG.infof("draining: waiting up to %d ms for %d held runs", drainTimeout.toMillis(), held.size());
        }
        if (!held.awaitEmpty(drainTimeout)) {
            LOG.infof("drain timeout of %d ms passed", drainTimeout.toMillis());
            handBack(RunRequestConsumer.DRAINING, reports::released);
        }
    }

    /** Kills the runs whose result has not gone out and hands them back with {@code report}. */
    private void handBack(String reason, Report report) {
        // only runs whose result has not gone out: one the results service may have stored must not run again
        List<RunRef> remaining = held.releaseUndelivered();
        executor.stopAll(reason);
        if (!held.isEmpty()) {
            LOG.infof("not handed back, their results on the way: %s; a result not stored is retried when its lease "
                    + "expires", held.refs());
        }
        if (remaining.isEmpty()) {
            return;
        }
        LOG.infof("%s: handed back %s", reason, remaining);
        try {
            report.send(remaining, reason).toCompletableFuture()
                    .get(RELEASE_ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("hand-back report for %s not acknowledged; their leases will expire instead", remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Report {
        CompletionStage<Void> send(List<RunRef> runs, String reason);
    }
}
