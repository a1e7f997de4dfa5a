package io.runfleet.systemtest;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded deployment (H2 files, ZeroMQ): the results service killed mid-study and started again, then the
 * scheduler, each on one shared system. Nothing acknowledged may be lost, so each commit must be on disk before
 * the service answers for it.
 */
class EmbeddedRestartIT extends ResultsRestart {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(AGENT_SLOTS).onEmbeddedDatabase();

    @Override
    SystemUnderTest system() {
        return SYSTEM;
    }

    @Test
    void aStudyFinishesAfterTheSchedulerIsKilledAndStartedAgain(@TempDir Path scratch) throws Exception {
        SchedulerRestart.killSchedulerMidStudy(SYSTEM, scratch);
    }
}
