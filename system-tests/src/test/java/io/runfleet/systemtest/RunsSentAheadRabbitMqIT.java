package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs sent ahead over RabbitMQ: a run waiting at an agent is an unacknowledged delivery until it starts. */
class RunsSentAheadRabbitMqIT extends RunsSentAhead {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
