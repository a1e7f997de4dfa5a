package io.runfleet.agent.messaging;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.agent.config.AgentConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ends an agent that has taken its {@code runfleet.agent.max-runs} once it holds none of them any more (their results
 * acknowledged), with code 0: a Slurm array task is then done and its CPUs go back at once.
 */
@Singleton
public class MaxRunsExit {

    private static final Logger LOG = Logger.getLogger(MaxRunsExit.class);
    /** Often enough that an array task ends within a fraction of a second of its run's result; the check costs nothing. */
    private static final long CHECK_MILLIS = 100;

    private final RunBudget budget;
    private final HeldRuns held;
    private final AgentThreads threads;
    private final boolean limited;
    private final AtomicBoolean exiting = new AtomicBoolean();

    public MaxRunsExit(RunBudget budget, HeldRuns held, AgentThreads threads, AgentConfig config) {
        this.budget = budget;
        this.held = held;
        this.threads = threads;
        this.limited = config.runLimit().isPresent();
    }

    void start(@Observes StartupEvent event) {
        if (limited) {
            threads.timer().scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (budget.spent() && held.isEmpty() && exiting.compareAndSet(false, true)) {
            LOG.info("took the runs of runfleet.agent.max-runs and holds none any more; exiting");
            Quarkus.asyncExit(0);
        }
    }
}
