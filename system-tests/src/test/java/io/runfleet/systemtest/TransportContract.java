package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every transport must guarantee, checked the same way on each: a subclass per transport registers
 * the system (three agents with two slots each) and opens a {@link TransportProbe}, nothing else.
 *
 * <p>The tests share the class's processes and run in order: killing an agent comes last, so that the
 * others see all three agents.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TransportContract {

    static final int AGENTS = 3;
    static final int SLOTS_PER_AGENT = 2;
    /** Large enough for every run of these studies; the runs endpoint answers 100 unless asked for more. */
    private static final int RUNS_LIMIT = 1000;
    private static final int MALFORMED_PER_CHANNEL = 50;

    /** The subclass's {@code @RegisterExtension} system: {@link #AGENTS} agents of {@link #SLOTS_PER_AGENT} slots. */
    abstract SystemUnderTest system();

    /** A probe for this transport, bound to {@link #system()}. */
    abstract TransportProbe openProbe();

    @Test
    @Order(1)
    void eachRunOfAManyRunStudyIsExecutedExactlyOnceByOneOfSeveralAgents(@TempDir Path scratch) throws IOException {
        int runs = 300;
        Path executions = scratch.resolve("executions.log");
        String studyId = system().scheduler().submitValidYaml("""
                name: contract-exactly-once
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, 'echo "{{ i }} {{ run.id }} {{ run.attempt }}" >> "$EXECUTIONS"; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  environment: {EXECUTIONS: '%s'}
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: 12, retries: 0, crashLimit: 3}
                """.formatted(numbers(runs), executions));

        List<JsonNode> rows = awaitSucceededOnceEach(studyId, runs);
        assertThat(rows).extracting(row -> row.path("_attempt").asInt()).as("_attempt of every row").containsOnly(1);
        assertThat(system().scheduler().runs(studyId, RUNS_LIMIT)).extracting(run -> run.path("attempt").asInt())
                .as("attempts of the runs: none dispatched twice").hasSize(runs).containsOnly(1);
        assertThat(system().results().attempts(studyId)).as("attempt history: one result per run").hasSize(runs);

        List<String> executed = Files.readAllLines(executions);
        Map<Long, Long> executionsPerValue = executed.stream()
                .collect(Collectors.groupingBy(line -> Long.parseLong(line.split(" ")[0]), Collectors.counting()));
        assertThat(executed).as("one line per execution in %s", executions).hasSize(runs);
        assertThat(executionsPerValue).as("executions per value of i").hasSize(runs).allSatisfy((i, count) ->
                assertThat(count).as("executions of i=%d", i).isEqualTo(1L));

        Set<String> agentsThatWorked = rows.stream().map(row -> row.path("_agent").asText())
                .collect(Collectors.toSet());
        assertThat(agentsThatWorked).as("agents that ran the study's runs").hasSizeGreaterThan(1).allSatisfy(agent ->
                assertThat(isOneOfTheAgents(agent)).as("%s is one of the agents %s", agent, agentPids()).isTrue());
    }

    @Test
    @Order(2)
    void aResultDeliveredTwiceMoreIsStoredOnceAndChangesNothing() {
        int runs = 4;
        String studyId = system().scheduler().submitValidYaml(echoingStudy("contract-duplicate", runs, 0, runs));
        awaitSucceededOnceEach(studyId, runs);
        JsonNode studyBefore = system().scheduler().study(studyId);
        List<JsonNode> attemptsBefore = system().results().attempts(studyId);
        List<JsonNode> rowsBefore = system().results().rows(studyId);

        JsonNode stored = attemptsBefore.get(0);
        byte[] message = RunResultReplay.encode(RunResultReplay.fromStoredAttempt(stored));
        try (TransportProbe probe = openProbe()) {
            probe.deliverRunResult(message);
            probe.deliverRunResult(message);
        }

        assertThat(system().results().attempts(studyId)).as("attempt history after delivering %s twice more", stored)
                .isEqualTo(attemptsBefore);
        assertThat(system().results().rows(studyId)).as("results table after the duplicates").isEqualTo(rowsBefore);
        assertThat(system().scheduler().study(studyId)).as("study and its counts after the duplicates")
                .isEqualTo(studyBefore);
        assertEverythingRunsAndAnswers();
    }

    @Test
    @Order(3)
    void malformedMessagesAreRefusedWithAReasonWhileAStudyGoesOnUnharmed() {
        int runs = 200;
        // A short sleep keeps the study going while the malformed messages arrive.
        String studyId = system().scheduler().submitValidYaml(echoingStudy("contract-malformed", runs, 0.2, 12));
        system().scheduler().awaitRuns(studyId, "SUCCEEDED", 1);

        try (TransportProbe probe = openProbe()) {
            List<MalformedMessage> messages = MalformedMessages.mix(probe.malformedTargets(), MALFORMED_PER_CHANNEL);
            JsonNode during = system().scheduler().study(studyId);
            assertThat(during.path("counts").path("SUCCEEDED").asInt()).as("the study is still running: %s", during)
                    .isLessThan(runs);
            probe.sendMalformed(messages);
            // All three are checked whatever the first says: a transport that keeps no reason must still be unharmed.
            assertAll("after " + messages.size() + " malformed messages",
                    () -> probe.assertMalformedHandled(messages),
                    () -> awaitSucceededOnceEach(studyId, runs),
                    this::assertEverythingRunsAndAnswers);
        }
    }

    @Test
    @Order(4)
    void runsOfAnAgentKilledWhileHoldingThemAreRunAgainAndEndWithOneResultEach() {
        int runs = 12;
        String studyId = system().scheduler().submitValidYaml(
                echoingStudy("contract-agent-killed", runs, 3, AGENTS * SLOTS_PER_AGENT));
        ServiceProcess victim = system().agent(0);
        List<String> heldByVictim = awaitRunsRunningOn(studyId, victim);

        victim.kill();
        assertThat(victim.isAlive()).as("%s after SIGKILL", victim).isFalse();

        Map<String, JsonNode> rowsByRun = awaitSucceededOnceEach(studyId, runs).stream()
                .collect(Collectors.toMap(row -> row.path("_run_id").asText(), Function.identity()));
        assertThat(heldByVictim).as("runs %s held when killed, by their rows %s", victim, rowsByRun)
                .anySatisfy(runId -> {
                    JsonNode row = rowsByRun.get(runId);
                    assertThat(row.path("_attempt").asInt() > 1 || !ranOn(row.path("_agent").asText(), victim))
                            .as("run %s ran again or elsewhere: %s", runId, row).isTrue();
                });
        for (int i = 1; i < AGENTS; i++) {
            assertThat(system().agent(i).isAlive()).as("%s still running", system().agent(i)).isTrue();
        }
    }

    /**
     * A study whose runs sleep {@code seconds} (0: not at all), then write {@code {"echoed": i}}. Built on
     * {@code sh -c} with a literal script; the only placeholder is the number {@code i}.
     */
    static String echoingStudy(String name, int runs, double seconds, int maxParallel) {
        return """
                name: %s
                parameters:
                  grid: {i: %s}
                template:
                  command: [sh, -c, 'sleep %s; printf "{\\"echoed\\": %%d}" {{ i }} > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {maxParallel: %d, retries: 0, crashLimit: 3}
                """.formatted(name, numbers(runs), seconds, maxParallel);
    }

    private static List<Integer> numbers(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    /**
     * Waits for the study to complete, then checks every run SUCCEEDED with exactly one row, every value
     * of {@code i} once, and the output its own command wrote; answers the rows.
     */
    private List<JsonNode> awaitSucceededOnceEach(String studyId, int runs) {
        JsonNode study = system().scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(runs);
        assertThat(system().scheduler().runs(studyId, RUNS_LIMIT)).extracting(run -> run.path("state").asText())
                .as("states of the runs of %s", studyId).hasSize(runs).containsOnly("SUCCEEDED");

        List<JsonNode> rows = system().results().rows(studyId);
        assertThat(rows).as("exactly one row per run of %s", studyId).hasSize(runs);
        assertThat(rows.stream().map(row -> row.path("_run_id").asText()).collect(Collectors.toSet()))
                .as("distinct run ids").hasSize(runs);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.path("_state").asText()).as("_state of %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("echoed").asLong()).as("output of %s", row).isEqualTo(row.path("i").asLong());
        });
        assertThat(rows.stream().map(row -> row.path("i").asInt()).collect(Collectors.toSet()))
                .as("every value of i exactly once").isEqualTo(Set.copyOf(numbers(runs)));
        return rows;
    }

    /** Waits until the scheduler shows runs RUNNING on {@code agent}; answers their ids. */
    private List<String> awaitRunsRunningOn(String studyId, ServiceProcess agent) {
        AtomicReference<List<String>> held = new AtomicReference<>(List.of());
        await("runs of study " + studyId + " RUNNING on " + agent)
                .atMost(SchedulerApi.STUDY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    held.set(system().scheduler().runs(studyId, "RUNNING").stream()
                            .filter(run -> ranOn(run.path("agentId").asText(), agent))
                            .map(run -> run.path("id").asText())
                            .toList());
                    return !held.get().isEmpty();
                });
        return held.get();
    }

    /** Agent ids default to {@code <host>-<pid>}: the process handle tells which agent an id is. */
    private static boolean ranOn(String agentId, ServiceProcess agent) {
        return agentId.endsWith("-" + agent.process().pid());
    }

    private boolean isOneOfTheAgents(String agentId) {
        return IntStream.range(0, AGENTS).anyMatch(i -> ranOn(agentId, system().agent(i)));
    }

    private List<Long> agentPids() {
        return IntStream.range(0, AGENTS).mapToObj(i -> system().agent(i).process().pid()).toList();
    }

    /** No service or agent process exited, and both services answer {@code /health}. */
    private void assertEverythingRunsAndAnswers() {
        for (ServiceProcess service : system().services()) {
            assertThat(service.isAlive()).as("%s still running", service).isTrue();
        }
        for (int i = 0; i < AGENTS; i++) {
            assertThat(system().agent(i).isAlive()).as("%s still running", system().agent(i)).isTrue();
        }
        system().scheduler().rest().get("/health").expectText(200);
        system().results().rest().get("/health").expectText(200);
    }
}
