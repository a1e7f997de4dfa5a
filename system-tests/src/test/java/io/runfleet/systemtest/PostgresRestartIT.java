package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL crashes mid-study ({@code pg_ctl stop -m immediate}) and comes back a few seconds later: the
 * scheduler and the results service, never restarted, take up their work again, and the study ends with every
 * invariant of {@link FaultInvariants}. The server is the class's own ({@link PrivatePostgres}): the shared one
 * serves other builds at the same time.
 */
@SideLane
class PostgresRestartIT {

    private static final int RUNS = 300;
    private static final FaultStudy STUDY = new FaultStudy("postgres-crashed", RUNS, "0.2", 8);
    /** Long enough that every service loop, the pool and the agents' pending results all meet the outage. */
    private static final long OUTAGE_MILLIS = 6_000;

    @RegisterExtension
    @Order(1)
    static final PrivatePostgres POSTGRES = new PrivatePostgres();

    @RegisterExtension
    @Order(2)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(4, 4).onDatabaseServer(POSTGRES);

    @Test
    void theServicesRecoverFromADatabaseCrashWithoutARestart(@TempDir Path scratch) throws Exception {
        List<ServiceProcess> servicesBefore = SYSTEM.services();
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = STUDY.submit(SYSTEM, executions);
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 40);

        POSTGRES.stopImmediately();
        // the outage itself: agents go on running what they hold while nothing can be stored
        Thread.sleep(OUTAGE_MILLIS);
        POSTGRES.start();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(POSTGRES.serverLog()).as("the server log shows a crash recovery, so the stop was a crash")
                .anyMatch(line -> line.contains("automatic recovery in progress"));

        FaultInvariants.Tally tally = STUDY.invariants("PostgreSQL stopped -m immediate", SYSTEM, executions)
                .check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        // an outage is waited out, not blamed on the messages that met it: none refused, so none dropped by its sender
        for (ServiceProcess process : List.of(SYSTEM.agent(0), SYSTEM.agent(1))) {
            assertThat(process.logLines()).as("log of %s", process)
                    .noneMatch(line -> line.contains("refused by the receiver"));
        }
        assertThat(SYSTEM.services()).as("the same service processes as before the crash, none restarted")
                .containsExactlyElementsOf(servicesBefore)
                .allSatisfy(service -> assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }
}
