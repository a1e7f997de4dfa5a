package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the scheduler in the middle of a study, then a new scheduler process on the same database:
 * the study finishes, no run is lost, and every run has exactly one accepted result. Run on each transport by a
 * subclass that registers the system.
 */
abstract class SchedulerRestart {

    private static final int RUNS = 300;

    abstract SystemUnderTest system();

    @Test
    void aStudyFinishesAfterTheSchedulerIsKilledAndStartedAgain(@TempDir Path scratch) throws Exception {
        killSchedulerMidStudy(system(), scratch);
    }

    static void killSchedulerMidStudy(SystemUnderTest system, Path scratch) throws InterruptedException {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(system, "scheduler-killed", RUNS, executions, "sleep 0.2",
                "{maxParallel: 8, retries: 0, crashLimit: 3}");
        system.scheduler().awaitRuns(studyId, "SUCCEEDED", 40);

        system.killScheduler();
        assertThat(system.schedulerProcess().isAlive()).as("scheduler after SIGKILL").isFalse();
        // agents finish what they hold and the results service stores it while nobody dispatches
        Thread.sleep(3_000);
        system.startSchedulerAgain();

        JsonNode study = system.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(system.schedulerProcess().logLines()).as("the new scheduler took over runs left in flight")
                .anyMatch(line -> line.contains("in flight from an earlier process"));
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);

        String scenario = "scheduler killed (" + system.transport() + ", " + ResultsRestart.storage(system) + ")";
        FaultInvariants.Tally tally = FaultInvariants.of(scenario, system)
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(system.services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }
}
