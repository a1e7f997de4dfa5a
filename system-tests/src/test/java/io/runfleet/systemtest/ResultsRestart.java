package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the results service in the middle of a study, then a new process on the same database: every
 * result it acknowledged (and whose completion event it relayed) is still there, so the study completes with one
 * row per run. A database that confirms a commit before it is on disk loses the last ones here. Run on each
 * database by a subclass that registers the system.
 */
abstract class ResultsRestart {

    private static final int RUNS = 300;
    /**
     * Many results a second at the kill: a database that writes commits some time after they return (H2's
     * default: every 500 ms) has then acknowledged several that are not yet in its file, so the test fails on it.
     */
    static final int[] AGENT_SLOTS = {4, 4};
    /** Enough stored before the kill that the last commits are recent ones in a steady flow, not the first. */
    private static final int SUCCEEDED_BEFORE_KILL = 40;
    /** The agents' dealer warns so once the results service's router has been silent for its heartbeat timeout. */
    private static final String ROUTER_SILENT = "nothing heard from Router";

    abstract SystemUnderTest system();

    @Test
    void everyAcknowledgedResultSurvivesAKillOfTheResultsService(@TempDir Path scratch) {
        killResultsMidStudy(system(), scratch);
    }

    static void killResultsMidStudy(SystemUnderTest system, Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(system, "results-killed", RUNS, executions, ":",
                "{maxParallel: 16, retries: 0, crashLimit: 3}");
        system.scheduler().awaitRuns(studyId, "SUCCEEDED", SUCCEEDED_BEFORE_KILL);

        long silentBefore = routerSilentLines(system);
        system.killResults();
        assertThat(system.resultsProcess().isAlive()).as("results service after SIGKILL").isFalse();
        // The agents keep their unacknowledged results and send them again; restart once they have noticed.
        await("an agent noticing that the results service is gone").atMost(Duration.ofMinutes(2))
                .until(() -> routerSilentLines(system) > silentBefore);
        system.startResultsAgain();

        JsonNode study = system.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        FaultInvariants.Tally tally = FaultInvariants.of("results service killed (" + storage(system) + ")", system)
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, RUNS);
        assertThat(tally.lost()).as("runs the scheduler saw succeed whose result row is gone").isZero();
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(system.services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }

    private static long routerSilentLines(SystemUnderTest system) {
        long count = 0;
        for (int i = 0; i < system.agentWorkDirs().size(); i++) {
            count += system.agent(i).logLines().stream().filter(line -> line.contains(ROUTER_SILENT)).count();
        }
        return count;
    }

    static String storage(SystemUnderTest system) {
        return system.isEmbedded() ? "H2" : "PostgreSQL";
    }
}
