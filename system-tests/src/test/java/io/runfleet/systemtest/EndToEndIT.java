package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The grid study end to end over ZeroMQ, the default transport. */
class EndToEndIT extends GridStudyEndToEnd {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
