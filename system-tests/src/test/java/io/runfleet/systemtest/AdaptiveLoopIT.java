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
 * The built-in adaptive sampler end to end, through agents, with the study of examples/adaptive (Branin computed by
 * awk in each run): the scheduler killed (SIGKILL) mid-loop and started again. The loop goes on from the database
 * alone: it reaches its target, stops, stays within its budget, and feeds no result to its model twice.
 */
class AdaptiveLoopIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(4);

    private static final double BRANIN_MINIMUM = 0.397887;
    private static final double TOLERANCE = 0.01;
    private static final int MAX_RUNS = 60;
    private static final Pattern ROUND = Pattern.compile("adaptive sampler round \\d+: (\\d+) new points after (\\d+)"
            + " new results");

    /** The worked example of examples/adaptive: a target of Branin's minimum within 0.01, at most 60 runs. */
    private static final java.nio.file.Path STUDY = ItPaths.root().resolve("examples/adaptive/study.yaml");

    @Test
    void reachesItsTargetThroughAKilledScheduler() throws Exception {
        String studyId = SYSTEM.scheduler().submitValidYaml(java.nio.file.Files.readString(STUDY));
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
