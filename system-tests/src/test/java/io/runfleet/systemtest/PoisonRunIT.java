package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison run: its command kills the agent that runs it (SIGKILL of its parent JVM), every time. The scheduler
 * sees the agent stop reporting, retries the run elsewhere and, after {@code crashLimit} losses, fails it; the
 * other runs of the study end as if nothing had happened. The test replaces every agent that dies, as a launcher
 * or an operator would.
 */
class PoisonRunIT {

    private static final int SLOTS = 2;
    private static final int RUNS = 20;
    private static final int POISON = 13;
    private static final int CRASH_LIMIT = 2;

    /**
     * Each kill takes the other runs the agent held, and requests on their way to it, with it; those wait out the
     * claim timeout before they run again (10 min by default; the same finding as AgentFaultsIT's).
     */
    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(SLOTS, SLOTS)
            .withSchedulerSetting("runfleet.scheduler.claim-timeout", "15s");

    @Test
    void aRunThatKillsItsAgentFailsAfterTheCrashLimitAndTheOthersSucceed(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "poison-run", RUNS, executions,
                "if [ {{ i }} -eq " + POISON + " ]; then kill -9 $PPID; sleep 30; fi",
                "{maxParallel: 4, retries: 0, crashLimit: %d}".formatted(CRASH_LIMIT));

        List<ServiceProcess> live = new ArrayList<>(List.of(SYSTEM.agent(0), SYSTEM.agent(1)));
        int[] killed = {0};
        await("study " + studyId + " ended, dead agents replaced").atMost(SchedulerApi.STUDY_TIMEOUT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    for (ServiceProcess agent : List.copyOf(live)) {
                        if (!agent.isAlive()) {
                            live.remove(agent);
                            killed[0]++;
                            live.add(SYSTEM.startAnotherAgent(SLOTS));
                        }
                    }
                    return !"ACTIVE".equals(SYSTEM.scheduler().study(studyId).path("state").asText());
                });

        JsonNode study = SYSTEM.scheduler().study(studyId);
        assertThat(study.path("state").asText()).as("state of %s", study).isEqualTo("COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS - 1);
        JsonNode poison = SYSTEM.scheduler().runs(studyId, RUNS).stream()
                .filter(run -> run.path("params").path("i").asInt() == POISON).findFirst()
                .orElseThrow(() -> new AssertionError("no run with i = " + POISON));
        // Every loss is one killed agent; an attempt whose request went down with an agent before it was claimed
        // waits out its claim lease and counts as no loss, so the attempts may exceed the losses.
        assertThat(poison.path("attemptEnds").path("lost").asInt()).as("losses of the poison run %s", poison)
                .isEqualTo(CRASH_LIMIT + 1);
        assertThat(poison.path("attempt").asInt()).as("attempts of the poison run %s", poison)
                .isGreaterThanOrEqualTo(CRASH_LIMIT + 1);
        // An execution whose claim died with its agent (the kill comes before the claim left the agent) is an
        // attempt superseded at its claim lease, not a loss: so executions are at least the losses, at most the
        // attempts, and no attempt ran twice.
        List<String> poisonAttempts = executions.lines().stream()
                .filter(line -> line.startsWith(poison.path("id").asText() + " ")).toList();
        assertThat(poisonAttempts).as("executions of the poison run, by attempt").doesNotHaveDuplicates()
                .hasSizeBetween(CRASH_LIMIT + 1, poison.path("attempt").asInt());
        assertThat(killed[0]).as("agents the poison run killed").isEqualTo(CRASH_LIMIT + 1);
        assertThat(live).as("agents at the end").allSatisfy(agent -> assertThat(agent.isAlive()).isTrue());

        FaultInvariants.Tally tally = FaultInvariants.of("poison run killing its agent", SYSTEM)
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .failedByScheduler(poison.path("id").asText())
                .check(studyId, RUNS);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED", "FAILED");
        assertThat(tally.lost()).as("runs without their row").isZero();
        assertThat(tally.duplicated()).as("extra rows").isZero();
    }
}
