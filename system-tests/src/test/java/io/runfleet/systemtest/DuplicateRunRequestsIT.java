package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Every run request delivered twice, over ZeroMQ. */
class DuplicateRunRequestsIT extends DuplicateRunRequests {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2).withSchedulerSetting(FAULT, "true");

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
