package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * The check every fault scenario ends with, whatever the fault was. Once a study has ended:
 * <ul>
 *   <li>every run is in a terminal state (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED);</li>
 *   <li>there is exactly one accepted result row per run, and it is the attempt and state the scheduler
 *       accepted;</li>
 *   <li>every output equals what the command computed (the scenario says what that is);</li>
 *   <li>the attempt history is complete: the accepted attempt is in it, no (run, attempt) twice, no attempt
 *       the scheduler never handed out;</li>
 *   <li>every run that ended with a result executed at least once (counted through an {@link ExecutionLog}).</li>
 * </ul>
 * It prints one line per scenario, {@code runs, executions, lost, duplicated}, so the fault table in
 * docs/reliability.md can be filled from the test output.
 */
final class FaultInvariants {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");
    private static final int RUNS_PAGE_HEADROOM = 100;

    /** What one scenario counted: {@code lost} runs without an accepted row, {@code duplicated} extra rows. */
    record Tally(String scenario, int runs, int executions, int lost, int duplicated, Map<String, Integer> states) {

        String line() {
            return "fault scenario '" + scenario + "': runs " + runs + ", executions " + executions + ", lost " + lost
                    + ", duplicated " + duplicated + ", states " + states;
        }
    }

    private final String scenario;
    private final SystemUnderTest system;
    private Consumer<JsonNode> outputs = row -> { };
    private ExecutionLog executions;
    /** Runs the scheduler itself fails, with no row: run id -> how their reason starts. */
    private final Map<String, String> failedByScheduler = new HashMap<>();

    private FaultInvariants(String scenario, SystemUnderTest system) {
        this.scenario = scenario;
        this.system = system;
    }

    /** The check for one scenario's study on {@code system}. */
    static FaultInvariants of(String scenario, SystemUnderTest system) {
        return new FaultInvariants(scenario, system);
    }

    /** Asserts the outputs of one SUCCEEDED row (parameters and outputs by name, as the results table has them). */
    FaultInvariants outputs(Consumer<JsonNode> check) {
        this.outputs = check;
        return this;
    }

    /** The study's execution log; without one, executions are not counted (printed as -1). */
    FaultInvariants executions(ExecutionLog log) {
        this.executions = log;
        return this;
    }

    /**
     * A run the scenario expects the scheduler itself to fail, after its agents stopped reporting {@code crashLimit}
     * times: no agent ever reported a result for it, so it must be FAILED with a "lost" reason and have no row (the
     * scheduler's verdict is on the run, not in the results table). Named one by one, so that no other run may end
     * without its row.
     */
    FaultInvariants failedByScheduler(String runId) {
        return failedWithoutResult(runId, "lost");
    }

    /**
     * A run the scenario expects to end FAILED without a stored result, its reason starting with {@code reason}: a
     * result refused for good ({@code "result refused"}) or never acknowledged ({@code "result undeliverable"}).
     */
    FaultInvariants failedWithoutResult(String runId, String reason) {
        failedByScheduler.put(runId, reason);
        return this;
    }

    /**
     * Runs every check on a study that has ended with {@code expectedRuns} runs; answers the tally (also printed).
     * All violations are reported together.
     */
    Tally check(String studyId, int expectedRuns) {
        List<JsonNode> runs = system.scheduler().runs(studyId, expectedRuns + RUNS_PAGE_HEADROOM);
        List<JsonNode> rows = system.results().rows(studyId);
        List<JsonNode> attempts = system.results().attempts(studyId);
        Map<String, JsonNode> runsById = runs.stream()
                .collect(Collectors.toMap(run -> run.path("id").asText(), Function.identity()));
        Map<String, List<JsonNode>> rowsByRun = rows.stream()
                .collect(Collectors.groupingBy(row -> row.path("_run_id").asText()));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(runsById).as("runs of study %s", studyId).hasSize(expectedRuns);
        Map<String, Integer> states = new HashMap<>();
        for (JsonNode run : runs) {
            String state = run.path("state").asText();
            states.merge(state, 1, Integer::sum);
            softly.assertThat(TERMINAL).as("state of run %s", run).contains(state);
        }

        int lost = 0;
        int duplicated = 0;
        for (JsonNode run : runs) {
            List<JsonNode> own = rowsByRun.getOrDefault(run.path("id").asText(), List.of());
            String expectedReason = failedByScheduler.get(run.path("id").asText());
            if (expectedReason != null) {
                softly.assertThat(run.path("state").asText()).as("state of %s", run).isEqualTo("FAILED");
                softly.assertThat(run.path("error").asText()).as("reason of %s", run).startsWith(expectedReason);
                softly.assertThat(own).as("rows of %s, failed by the scheduler", run).isEmpty();
                continue;
            }
            if (own.isEmpty()) {
                lost++;
                softly.fail("run %s has no accepted result row", run);
                continue;
            }
            duplicated += own.size() - 1;
            softly.assertThat(own).as("accepted rows of run %s", run.path("id").asText()).hasSize(1);
            JsonNode row = own.get(0);
            softly.assertThat(row.path("_attempt").asInt()).as("accepted attempt in row %s", row)
                    .isEqualTo(run.path("attempt").asInt());
            softly.assertThat(row.path("_state").asText()).as("state in row %s", row)
                    .isEqualTo(run.path("state").asText());
            if ("SUCCEEDED".equals(run.path("state").asText())) {
                softly.check(() -> outputs.accept(row));
            }
        }
        Set<String> strangers = new HashSet<>(rowsByRun.keySet());
        strangers.removeAll(runsById.keySet());
        softly.assertThat(strangers).as("rows of runs the scheduler does not know").isEmpty();

        checkHistory(softly, runsById, attempts, failedByScheduler.keySet());
        int executed = checkExecutions(softly, runs);

        Tally tally = new Tally(scenario, runs.size(), executed, lost, duplicated, states);
        System.out.println(tally.line());
        softly.assertAll();
        return tally;
    }

    /** The accepted attempt of every run is in the history, no (run, attempt) is there twice, none is from the future. */
    private static void checkHistory(SoftAssertions softly, Map<String, JsonNode> runsById, List<JsonNode> attempts,
            Set<String> failedByScheduler) {
        List<String> keys = new ArrayList<>();
        Map<String, Set<Integer>> byRun = new HashMap<>();
        for (JsonNode attempt : attempts) {
            String runId = attempt.path("runId").asText();
            int number = attempt.path("attempt").asInt();
            keys.add(runId + "#" + number);
            byRun.computeIfAbsent(runId, id -> new HashSet<>()).add(number);
            JsonNode run = runsById.get(runId);
            if (run != null) {
                softly.assertThat(number).as("attempt %s of run %s (the scheduler's latest is %s)", number, runId,
                        run.path("attempt").asInt()).isBetween(1, run.path("attempt").asInt());
            }
        }
        softly.assertThat(keys).as("(run, attempt) pairs in the attempt history").doesNotHaveDuplicates();
        for (JsonNode run : runsById.values()) {
            if (!failedByScheduler.contains(run.path("id").asText())) {
                softly.assertThat(byRun.getOrDefault(run.path("id").asText(), Set.of()))
                        .as("attempt history of run %s", run).contains(run.path("attempt").asInt());
            }
        }
    }

    /** Every run that ended with a result of its command ran at least once; answers the executions counted. */
    private int checkExecutions(SoftAssertions softly, List<JsonNode> runs) {
        if (executions == null) {
            return -1;
        }
        Map<String, Long> perRun = executions.perRun();
        for (JsonNode run : runs) {
            String state = run.path("state").asText();
            if ("SUCCEEDED".equals(state)) {
                softly.assertThat(perRun.getOrDefault(run.path("id").asText(), 0L))
                        .as("executions of run %s", run).isGreaterThanOrEqualTo(1L);
            }
        }
        return perRun.values().stream().mapToInt(Long::intValue).sum();
    }
}
