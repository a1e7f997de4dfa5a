package io.runfleet.systemtest;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The results service killed and started again mid-study, on PostgreSQL. */
class ResultsRestartIT extends ResultsRestart {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(AGENT_SLOTS);

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }
}
