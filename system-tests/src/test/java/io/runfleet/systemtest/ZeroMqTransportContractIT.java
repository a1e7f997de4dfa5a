package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport contract over ZeroMQ: malformed messages are NACKed to their sender, logged and dropped. */
class ZeroMqTransportContractIT extends TransportContract {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, SLOTS_PER_AGENT, SLOTS_PER_AGENT,
            SLOTS_PER_AGENT);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    @Override
    TransportProbe openProbe() {
        return new ZeroMqProbe(SYSTEM);
    }
}
