package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Pools end to end over RabbitMQ: a pool's requests in a queue of their own. */
class PoolRoutingRabbitMqIT extends PoolRouting {

    @RegisterExtension
    // The test plays the pool's agent itself (PoolRouting): the scheduler is given no agent it could launch, so the
    // launched study's runs wait for that agent alone.
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, 2)
            .withSchedulerSetting("runfleet.launch.agent-app", PoolRouting.NO_AGENT_APP);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
