package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in adaptive sampler end to end, through agents: Branin computed by awk in each run, the scheduler killed
 * (SIGKILL) mid-loop and started again. The loop goes on from the database alone: it reaches its target, stops, stays
 * within its budget, and feeds no result to its model twice.
 */
class AdaptiveLoopIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(4);

    private static final double BRANIN_MINIMUM = 0.397887;
    private static final double TOLERANCE = 0.05;
    private static final int MAX_RUNS = 40;
    private static final Pattern ROUND = Pattern.compile("adaptive sampler round \\d+: (\\d+) new points after (\\d+)"
            + " new results");

    private static final String STUDY = """
            name: it-adaptive-branin
            sampler:
              kind: adaptive
              variables: {x1: {min: -5, max: 10}, x2: {min: 0, max: 15}}
              objectives: {f: minimize}
              initialDesign: {method: lhs, count: 10, seed: 7}
              inFlight: 4
              budget: {maxRuns: %d, maxFailures: 5}
              model: {kernel: matern52}
              acquisition: {kind: ei}
              stop: {target: {value: %s, tolerance: %s}, onStop: drain}
            template:
              command:
                - awk
                - -v
                - 'x={{ x1 }}'
                - -v
                - 'y={{ x2 }}'
                - 'BEGIN { pi = atan2(0, -1); b = 5.1 / (4 * pi * pi); c = 5 / pi; t = 1 / (8 * pi);
                   f = (y - b * x * x + c * x - 6) ^ 2 + 10 * (1 - t) * cos(x) + 10;
                   printf("{\\"f\\": %%.12f}", f) > "result.json" }'
              timeout: 30s
            outputs:
              - {json: result.json}
            policy: {retries: 0}
            """.formatted(MAX_RUNS, BRANIN_MINIMUM, TOLERANCE);

    @Test
    void reachesItsTargetThroughAKilledScheduler() throws Exception {
        String studyId = SYSTEM.scheduler().submitValidYaml(STUDY);
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 12);
        ServiceProcess first = SYSTEM.schedulerProcess();
        SYSTEM.killScheduler();
        Thread.sleep(2_000);
        SYSTEM.startSchedulerAgain();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        JsonNode sampler = SYSTEM.scheduler().rest().get("/studies/" + studyId + "/sampler").expect(200);
        assertThat(sampler.path("state").asText()).as("sampler %s", sampler).isEqualTo("STOPPED");
        assertThat(sampler.path("stopReason").asText()).as("sampler %s", sampler).startsWith("target reached");
        assertThat(sampler.path("best").path("value").asDouble()).as("best of %s", sampler)
                .isCloseTo(BRANIN_MINIMUM, within(TOLERANCE));

        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 1000);
        assertThat(runs).as("runs of %s", study).hasSizeLessThanOrEqualTo(MAX_RUNS);
        assertThat(runs).as("every run has its sampler round")
                .allSatisfy(run -> assertThat(run.path("samplerRound").isInt()).as("%s", run).isTrue());
        Set<String> points = new HashSet<>();
        runs.forEach(run -> points.add(run.path("params").path("x1").asText() + "," + run.path("params").path("x2")
                .asText()));
        assertThat(points).as("no point proposed twice").hasSameSizeAs(runs);
        long finished = runs.stream().filter(run -> Set.of("SUCCEEDED", "FAILED", "TIMED_OUT")
                .contains(run.path("state").asText())).count();

        int fedFirst = fed(first.logLines());
        int fedAfter = fed(SYSTEM.schedulerProcess().logLines());
        assertThat(fedFirst).as("results fed before the kill").isPositive();
        assertThat(fedFirst + fedAfter).as("results fed over both processes, each at most once")
                .isLessThanOrEqualTo((int) finished);

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).as("a results row per finished run").hasSize((int) finished);
        assertThat(rows).as("each row shows its sampler round")
                .allSatisfy(row -> assertThat(row.path("_sampler_round").isNumber()).as("%s", row).isTrue());
    }

    /** The results the sampler's rounds in one process's log say they fed. */
    private static int fed(List<String> logLines) {
        int fed = 0;
        for (String line : logLines) {
            Matcher round = ROUND.matcher(line);
            if (round.find()) {
                fed += Integer.parseInt(round.group(2));
            }
        }
        return fed;
    }
}
