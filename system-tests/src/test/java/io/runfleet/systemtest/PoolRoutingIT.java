package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Pools end to end over ZeroMQ, the default transport. */
class PoolRoutingIT extends PoolRouting {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
