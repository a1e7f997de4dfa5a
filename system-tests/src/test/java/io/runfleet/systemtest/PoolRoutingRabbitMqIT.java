package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Pools end to end over RabbitMQ: a pool's requests in a queue of their own. */
class PoolRoutingRabbitMqIT extends PoolRouting {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
