package io.runfleet.agent.messaging;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.agent.config.AgentConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/** Ends the agent once it held no run for {@code runfleet.agent.idle-timeout}, so allocations are not wasted. */
@Singleton
public class IdleExit {

    private static final Logger LOG = Logger.getLogger(IdleExit.class);
    private static final Duration LONGEST_CHECK = Duration.ofSeconds(1);

    private final HeldRuns held;
    private final AgentThreads threads;
    private final Optional<Duration> idleTimeout;
    private final AtomicBoolean exiting = new AtomicBoolean();

    public IdleExit(HeldRuns held, AgentThreads threads, AgentConfig config) {
        this.held = held;
        this.threads = threads;
        this.idleTimeout = config.idleTimeout();
    }

    void start(@Observes StartupEvent event) {
        idleTimeout.ifPresent(timeout -> {
            long period = Math.max(10, Math.min(LONGEST_CHECK.toMillis(), timeout.toMillis() / 4));
            threads.timer().scheduleWithFixedDelay(() -> check(timeout), period, period, TimeUnit.MILLISECONDS);
        });
    }

    private void check(Duration timeout) {
        Duration idle = held.idleFor();
        if (idle.compareTo(timeout) >= 0 && exiting.compareAndSet(false, true)) {
            LOG.infof("no run held for %d ms (idle timeout %d ms); exiting", idle.toMillis(), timeout.toMillis());
            Quarkus.asyncExit();
        }
    }
}
