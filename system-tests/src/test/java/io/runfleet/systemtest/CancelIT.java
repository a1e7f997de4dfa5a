package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancels over ZeroMQ: the scheduler's PUB socket, which agents find through the router's advertisement. */
class CancelIT extends CancelEndToEnd {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
