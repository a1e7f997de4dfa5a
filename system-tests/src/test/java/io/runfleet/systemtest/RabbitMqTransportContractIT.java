package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transport contract over RabbitMQ, in a virtual host of this class's own: malformed messages end in
 * {@code runfleet.dead-letter} with their reason and source queue as headers.
 */
class RabbitMqTransportContractIT extends TransportContract {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.RABBITMQ, SLOTS_PER_AGENT,
            SLOTS_PER_AGENT, SLOTS_PER_AGENT);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    @Override
    TransportProbe openProbe() {
        return RabbitMqProbe.open(SYSTEM.broker());
    }
}
