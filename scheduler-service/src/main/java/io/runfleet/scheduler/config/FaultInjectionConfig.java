package io.runfleet.scheduler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Fault injection, under {@code runfleet.scheduler.fault.*}: faults the system tests provoke on purpose to show what
 * the guarantees survive. Every one is off by default and has no use in production; the scheduler logs a warning at
 * start for each one that is on.
 */
@ConfigMapping(prefix = "runfleet.scheduler.fault")
public interface FaultInjectionConfig {

    /**
     * Publish every run request twice, as a transport that delivers at least once may: both copies reach agents
     * (over ZeroMQ and RabbitMQ alike), and the system must still store one result per attempt.
     */
    @WithDefault("false")
    boolean duplicateRunRequests();
}
