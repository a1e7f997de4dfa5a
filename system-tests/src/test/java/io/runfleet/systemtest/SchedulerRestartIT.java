package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler killed and started again mid-study, over ZeroMQ (its requests die with the process). */
class SchedulerRestartIT extends SchedulerRestart {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
