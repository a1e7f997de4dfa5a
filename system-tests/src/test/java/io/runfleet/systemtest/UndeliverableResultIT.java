package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler tells agents a results address where nothing listens (a wrong
 * {@code runfleet.scheduler.results-endpoint}). No result is ever acknowledged; the agent used to heartbeat its runs
 * and resend their results forever, so the study stayed RUNNING with nothing to show why. Now the agent gives a
 * result up after {@code runfleet.agent.result-delivery-timeout} (5 s here) and reports it; the attempt is lost
 * with the reason, and after the crash limit (0 here) the run is FAILED with "result undeliverable: ...".
 */
class UndeliverableResultIT {

    private static final int RUNS = 3;
    private static final String WRONG_RESULTS_ENDPOINT = "tcp://127.0.0.1:" + new FreePorts().next();

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2)
            .withSchedulerSetting("runfleet.scheduler.results-endpoint", WRONG_RESULTS_ENDPOINT)
            .withAgentSetting("runfleet.agent.result-delivery-timeout", "5s");

    @Test
    void aResultThatNobodyAcknowledgesFailsItsRunWithTheReasonInsteadOfHoldingItRunning(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "undeliverable", RUNS, executions, "true",
                "{maxParallel: 4, retries: 0, crashLimit: 0}");

        // bounded: SchedulerApi.STUDY_TIMEOUT; before, the runs stayed RUNNING for good
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

        assertThat(study.path("counts").path("FAILED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId);
        FaultInvariants invariants = FaultInvariants.of("results address unreachable", SYSTEM).executions(executions);
        for (JsonNode run : runs) {
            assertThat(run.path("error").asText()).as("reason of %s", run)
                    .startsWith("result undeliverable: ")
                    .contains(WRONG_RESULTS_ENDPOINT)
                    .contains("delivery-timeout");
            invariants.failedWithoutResult(run.path("id").asText(), "result undeliverable");
        }
        FaultInvariants.Tally tally = invariants.check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("FAILED");
        assertThat(executions.perRun().values()).as("executions per run").allMatch(count -> count == 1L);
        assertThat(SYSTEM.agent(0).isAlive()).as("the agent goes on").isTrue();
    }
}
