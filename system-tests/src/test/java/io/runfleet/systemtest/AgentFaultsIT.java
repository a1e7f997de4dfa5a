package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process faults on the agents' side, on one shared system: agents killed again and again while a large study
 * runs, and a simulation killed by a signal while its agent lives on. Killed agents stay dead; the tests start new
 * ones, as an operator or a launcher would.
 */
class AgentFaultsIT {

    /**
     * The default claim timeout (10 min): a request handed to an agent killed before it claimed it comes back when
     * the router declares that agent gone, within its heartbeat timeout (docs/reliability.md), so a study that waited
     * for the claim timeout instead would outlast the test's wait.
     */
    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2);

    private static final int SLOTS = 2;

    /** Agents that have not been killed, oldest first. */
    private static final List<ServiceProcess> LIVE = new ArrayList<>();

    @Test
    void everyRunEndsOnceThoughAgentsAreKilledOverAndOver(@TempDir Path scratch) {
        int runs = 1000;
        int kills = 5;
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(SYSTEM, "agents-killed", runs, executions, ":",
                "{maxParallel: 8, retries: 0, crashLimit: %d}".formatted(kills + 2));

        for (int kill = 1; kill <= kills; kill++) {
            awaitSucceeded(studyId, kill * runs / (kills + 2));
            ServiceProcess victim = liveAgents().remove(0);
            victim.kill();
            assertThat(victim.isAlive()).as("%s after SIGKILL", victim).isFalse();
            LIVE.add(SYSTEM.startAnotherAgent(SLOTS));
        }

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(runs);
        FaultInvariants.Tally tally = FaultInvariants.of("agent killed " + kills + " times", SYSTEM)
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, runs);
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(SYSTEM.results().rows(studyId)).as("some run held by a killed agent ran again")
                .anySatisfy(row -> assertThat(row.path("_attempt").asInt()).isGreaterThan(1));
    }

    @Test
    void aSimulationKilledBySignalFailsItsAttemptNamingTheSignalAndIsRetried(@TempDir Path scratch)
            throws IOException {
        ExecutionLog executions = ExecutionLog.in(scratch);
        Path pidFile = scratch.resolve("simulation.pid");
        // Attempt 1 writes its PID and waits to be killed (exec: the PID is the simulation itself); attempt 2 works.
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: simulation-killed
                parameters:
                  grid: {i: [7]}
                template:
                  command: [sh, -c, '%s; if [ {{ run.attempt }} -eq 1 ]; then echo $$ > "$PID_FILE.tmp";
                    mv "$PID_FILE.tmp" "$PID_FILE"; exec sleep 120; fi; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  environment: {%s, PID_FILE: '%s'}
                  timeout: 300s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 1, retries: 1, backoff: 200ms, crashLimit: 3}
                """.formatted(ExecutionLog.appendCommand(), executions.environment(), pidFile));

        await("the simulation writing its PID").atMost(SchedulerApi.STUDY_TIMEOUT).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle simulation = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertThat(simulation.destroyForcibly()).as("SIGKILL sent to the simulation, PID %d", pid).isTrue();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(1);
        List<JsonNode> attempts = SYSTEM.results().attempts(studyId);
        assertThat(attempts).as("attempt history").hasSize(2);
        JsonNode killed = attempts.stream().filter(attempt -> attempt.path("attempt").asInt() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("no attempt 1 in " + attempts));
        assertThat(killed.path("outcome").asText()).as("outcome of %s", killed).isEqualTo("FAILED");
        assertThat(killed.path("error").asText()).as("error of %s", killed).contains("killed by signal 9 (SIGKILL)");
        assertThat(liveAgents()).as("agents after their simulation was killed")
                .allSatisfy(agent -> assertThat(agent.isAlive()).as("%s", agent).isTrue());
        FaultInvariants.Tally tally = FaultInvariants.of("simulation killed by SIGKILL", SYSTEM)
                .executions(executions)
                .outputs(row -> assertThat(row.path("echoed").asLong()).as("output of %s", row).isEqualTo(7))
                .check(studyId, 1);
        assertThat(tally.executions()).as("executions: the killed attempt and its retry").isEqualTo(2);
    }

    private static List<ServiceProcess> liveAgents() {
        if (LIVE.isEmpty()) {
            for (int i = 0; i < SYSTEM.agentWorkDirs().size(); i++) {
                LIVE.add(SYSTEM.agent(i));
            }
        }
        return LIVE;
    }

    private static void awaitSucceeded(String studyId, int count) {
        await(count + " runs of study " + studyId + " SUCCEEDED").atMost(SchedulerApi.STUDY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> SYSTEM.scheduler().study(studyId).path("counts").path("SUCCEEDED").asInt() >= count);
    }
}
