package io.runfleet.agent.messaging;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ends an agent that takes no more runs because of its deadline once it holds none (exit 0), so that its allocation
 * ends and gives its nodes back instead of idling until the walltime.
 */
@Singleton
public class DeadlineExit {

    private static final Logger LOG = Logger.getLogger(DeadlineExit.class);
    /** Often enough that an allocation is not held much past its last run; the check costs nothing. */
    private static final long CHECK_MILLIS = 500;

    private final DeadlineStop stop;
    private final RunRequestConsumer consumer;
    private final HeldRuns held;
    private final AgentThreads threads;
    private final AtomicBoolean exiting = new AtomicBoolean();

    public DeadlineExit(DeadlineStop stop, RunRequestConsumer consumer, HeldRuns held, AgentThreads threads) {
        this.stop = stop;
        this.consumer = consumer;
        this.held = held;
        this.threads = threads;
    }

    void start(@Observes StartupEvent event) {
        if (stop.deadline().isPresent()) {
            threads.timer().scheduleWithFixedDelay(this::check, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (!stop.timeIsUp(Instant.now())) {
            return;
        }
        consumer.stopRequesting();
        if (held.isEmpty() && exiting.compareAndSet(false, true)) {
            LOG.info("no run held and none taken any more before the deadline; exiting");
            Quarkus.asyncExit(0);
        }
    }
}
