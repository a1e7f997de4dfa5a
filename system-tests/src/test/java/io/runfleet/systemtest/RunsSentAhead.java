package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs sent ahead to agents beyond their free slots (the agents' default) are never started twice when no agent
 * dies: not when they wait behind runs that turn out long and go back for another agent, and not when their agent
 * drains with runs still waiting. Short runs, with a pair of long ones every 20 so that both slots of the first agent
 * are taken while runs wait ahead of them; the first agent is stopped (drain) half-way, once a second one runs. Run
 * on each transport by a subclass.
 */
abstract class RunsSentAhead {

    private static final int RUNS = 200;
    /** What an agent logs when it hands back runs that waited too long for a slot (RunRequestConsumer). */
    private static final String WAITED_TOO_LONG = "ahead-wait";
    /** Long enough for runs waiting behind a pair of long runs to outwait the agents' ahead-wait. */
    private static final Map<String, String> SHORT_AHEAD_WAIT = Map.of("runfleet.agent.ahead-wait", "300ms");

    abstract SystemUnderTest system();

    @Test
    void noRunSentAheadIsStartedTwiceThoughRunsGoBackFromWaitingAndFromADrainingAgent(@TempDir Path scratch) {
        ServiceProcess first = system().startAnotherAgent(2, SHORT_AHEAD_WAIT);
        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = EchoStudy.submit(system(), "runs-sent-ahead", RUNS, executions,
                "case $(( {{ i }} % 20 )) in 10|11) sleep 1.2;; esac", "{maxParallel: 100, retries: 0, crashLimit: 1}");

        system().scheduler().awaitRuns(studyId, "SUCCEEDED", RUNS / 2);
        system().startAnotherAgent(2, SHORT_AHEAD_WAIT);
        first.process().destroy();
        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(first.logLines()).as("log of %s: runs waited ahead of its slots and went back", first)
                .anyMatch(line -> line.contains("handing back") && line.contains(WAITED_TOO_LONG));
        Map<String, Long> startedTwice = executions.perRun().entrySet().stream()
                .filter(run -> run.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(startedTwice).as("runs executed more than once").isEmpty();
        assertThat(executions.perRun()).as("runs executed").hasSize(RUNS);
        long handedBack = system().scheduler().runs(studyId, RUNS).stream()
                .filter(run -> run.path("attemptEnds").path("drained").asInt() > 0)
                .count();
        assertThat(handedBack).as("runs handed back unstarted, then run once elsewhere or later").isPositive();
        FaultInvariants.Tally tally = FaultInvariants.of("runs sent ahead (" + system().transport() + ")", system())
                .executions(executions)
                .outputs(EchoStudy.echoesI())
                .check(studyId, RUNS);
        assertThat(tally.duplicated()).isZero();
        assertThat(tally.lost()).isZero();
        System.out.println("runs sent ahead (" + system().transport() + "): " + RUNS + " runs, " + tally.executions()
                + " executions, " + handedBack + " runs handed back unstarted");
    }
}
