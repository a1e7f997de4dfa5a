package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every run request delivered twice (the scheduler's test-only fault {@code duplicate-run-requests}), as a transport
 * that delivers at least once may: each copy is executed by the agent it reaches or dropped by an agent that holds or
 * ran the attempt already, and every run still has exactly one accepted result. Run on each transport by a subclass
 * that registers the system with the fault on.
 */
abstract class DuplicateRunRequests {

    private static final int RUNS = 120;
    /** What the agents log when they drop a copy (RunRequestConsumer). */
    private static final List<String> DROPPED_COPY = List.of("delivered again while this agent holds it",
            "delivered again after this agent ran it");

    static final String FAULT = "runfleet.scheduler.fault.duplicate-run-requests";

    abstract SystemUnderTest system();

    @Test
    void eachRunHasOneAcceptedResultThoughEveryRequestArrivesTwice(@TempDir Path scratch) {
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(system(), "every-request-twice", RUNS, executions, "sleep 0.1",
                "{maxParallel: 8, retries: 0, crashLimit: 3}");

        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");
        // A copy may still be on its way when the study ends: wait until every one of the 2 x RUNS deliveries was
        // executed or dropped, so that the tally below counts them all.
        await("every copy executed or dropped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(executions.lines().size() + droppedCopies())
                        .as("executions %d + dropped copies %d", executions.lines().size(), droppedCopies())
                        .isEqualTo(2 * RUNS));

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        String scenario = "every run request delivered twice (" + system().transport() + ")";
        FaultInvariants.Tally tally = FaultInvariants.of(scenario, system())
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, RUNS);
        int dropped = droppedCopies();
        System.out.println(scenario + ": " + RUNS + " runs, " + tally.executions() + " executions, " + dropped
                + " copies dropped by the agent that held or ran the attempt");
        assertThat(tally.states()).containsOnlyKeys("SUCCEEDED");
        assertThat(tally.executions()).as("executions").isBetween(RUNS, 2 * RUNS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.duplicated()).isZero();
        // the history holds one entry per run: a copy's result is the same attempt, stored once
        assertThat(system().results().attempts(studyId)).hasSize(RUNS);
        assertThat(system().schedulerProcess().logLines()).as("the scheduler says the fault is on")
                .anyMatch(line -> line.contains("fault injection on: every run request is published twice"));
        assertThat(List.of(system().agent(0), system().agent(1))).allSatisfy(agent ->
                assertThat(agent.isAlive()).as("%s still running", agent).isTrue());
    }

    private int droppedCopies() {
        int dropped = 0;
        for (int i = 0; i < 2; i++) {
            dropped += (int) system().agent(i).logLines().stream()
                    .filter(line -> DROPPED_COPY.stream().anyMatch(line::contains)).count();
        }
        return dropped;
    }
}
