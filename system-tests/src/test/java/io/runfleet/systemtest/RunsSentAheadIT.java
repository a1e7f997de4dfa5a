package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs sent ahead over ZeroMQ: the scheduler's claim lease covers a run waiting at an agent. */
class RunsSentAheadIT extends RunsSentAhead {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
