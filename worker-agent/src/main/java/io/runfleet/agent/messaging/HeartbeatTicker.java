package io.runfleet.agent.messaging;

import io.quarkus.runtime.StartupEvent;
import io.runfleet.agent.config.AgentConfig;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One HEARTBEAT report for all held runs, as often as the most demanding of them asks; the interval
 * is recomputed at every beat because the held runs change. A run this agent was told is cancelled is
 * left out while its result is on its way: the scheduler has ended it, and takes a heartbeat about a
 * cancelled run as a sign that the agent missed the cancel.
 */
@Singleton
public class HeartbeatTicker {

    private static final Logger LOG = Logger.getLogger(HeartbeatTicker.class);

    private final HeldRuns held;
    private final CancelledRuns cancelled;
    private final ReportSender reports;
    private final AgentThreads threads;
    private final Duration fallback;

    public HeartbeatTicker(HeldRuns held, CancelledRuns cancelled, ReportSender reports, AgentThreads threads,
                           AgentConfig config) {
        this.held = held;
        this.cancelled = cancelled;
        this.reports = reports;
        this.threads = threads;
        this.fallback = config.heartbeat();
    }

    void start(@Observes StartupEvent event) {
        scheduleNext();
    }

    private void beat() {
        try {
            List<RunRef> runs = held.refs().stream().filter(ref -> !cancelled.contains(ref)).toList();
            if (!runs.isEmpty()) {
                reports.heartbeat(runs);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "heartbeat failed (transient; retried at the next beat)");
        } finally {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        try {
            threads.timer().schedule(this::beat, held.heartbeatInterval(fallback).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("heartbeats stopped: the agent is shutting down");
        }
    }
}
