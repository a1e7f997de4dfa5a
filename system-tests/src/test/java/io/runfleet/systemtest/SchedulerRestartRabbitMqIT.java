package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler killed and started again mid-study, over RabbitMQ (its queued requests outlive it). */
class SchedulerRestartRabbitMqIT extends SchedulerRestart {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
