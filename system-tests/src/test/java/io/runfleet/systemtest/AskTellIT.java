package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An ask/tell loop from outside: examples/ask-tell/branin_random.py (Python, standard library only) submits a study with
 * an external sampler, keeps its points posted, learns each result from the results service's event stream (dropped on
 * purpose every 3 events and resumed with Last-Event-ID) or its pull form, cancels one running run, closes the sampler
 * at the budget. The driver checks its own bookkeeping (exit code) and writes a summary; this test checks the summary
 * and what the services say: every point one run and one result, no event twice, the cancelled run CANCELLED, the
 * sampler CLOSED or STOPPED, the study COMPLETED, and a results row per run naming its point and round.
 */
class AskTellIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(4);

    private static final Path DRIVER = ItPaths.root().resolve("examples/ask-tell/branin_random.py");
    /** 30 runs of 1 s, 4 at a time, take about 8 s; the rest is margin for a loaded machine. */
    private static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(75);

    @Test
    void aLoopOverTheEventStreamSurvivesForcedReconnectsAndACancellation() throws Exception {
        Driven driven = drive("stream", "--force-reconnect-after", "3", "--cancel-one");

        assertThat(driven.summary().path("forcedDrops").asInt()).as("reconnects in %s", driven).isGreaterThanOrEqualTo(5);
        JsonNode cancelled = driven.summary().path("cancelled");
        assertThat(cancelled.path("eventOutcome").asText().equals("CANCELLED")
                || cancelled.path("answer").path("cancelRequested").asBoolean())
                .as("the cancelled run ended CANCELLED or its cancel was requested: %s", cancelled).isTrue();
        JsonNode cancelledRun = SYSTEM.scheduler().runs(driven.studyId(), 1000).stream()
                .filter(run -> run.path("id").asText().equals(cancelled.path("runId").asText()))
                .findFirst().orElseThrow();
        assertThat(cancelledRun.path("state").asText().equals("CANCELLED")
                || cancelled.path("answer").path("cancelRequested").asBoolean())
                .as("the scheduler's cancelled run %s (cancel answered %s)", cancelledRun, cancelled).isTrue();
        assertTheServicesAgree(driven, 30);
    }

    @Test
    void aLoopThatPullsPagesSeesTheSameResults() throws Exception {
        Driven driven = drive("pull", "--pull", "--max-runs", "8");

        assertThat(driven.summary().path("connections").isNull()).as("no event stream in %s", driven).isTrue();
        assertTheServicesAgree(driven, 8);
    }

    private static void assertTheServicesAgree(Driven driven, int points) {
        JsonNode summary = driven.summary();
        String studyId = driven.studyId();
        assertThat(summary.path("problems")).as("problems the driver found: %s", driven).isEmpty();
        assertThat(summary.path("points").size()).as("points posted in %s", driven).isEqualTo(points);
        summary.path("points").fields().forEachRemaining(point -> assertThat(point.getValue().path("results").size())
                .as("results of point %s in %s", point.getKey(), driven).isEqualTo(1));
        List<Long> eventIds = new ArrayList<>();
        summary.path("eventIds").forEach(id -> eventIds.add(id.asLong()));
        assertThat(eventIds).as("event ids in %s", driven).doesNotHaveDuplicates().isSorted();

        JsonNode sampler = SYSTEM.scheduler().rest().get("/studies/" + studyId + "/sampler").expect(200);
        assertThat(sampler.path("state").asText()).as("sampler %s", sampler).isIn("CLOSED", "STOPPED");
        SYSTEM.scheduler().awaitState(studyId, "COMPLETED");

        Map<String, String> pointOfRun = new HashMap<>();
        summary.path("points").fields().forEachRemaining(point ->
                pointOfRun.put(point.getValue().path("runId").asText(), point.getKey()));
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 1000);
        assertThat(runs).extracting(run -> run.path("id").asText()).as("runs of the study")
                .containsExactlyInAnyOrderElementsOf(pointOfRun.keySet());

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).extracting(row -> row.path("_run_id").asText()).as("results rows")
                .containsExactlyInAnyOrderElementsOf(pointOfRun.keySet());
        for (JsonNode row : rows) {
            assertThat(column(row, "clientPointId").asText()).as("client point id of row %s", row)
                    .isEqualTo(pointOfRun.get(row.path("_run_id").asText()));
            assertThat(column(row, "samplerRound").isNumber() || column(row, "samplerRound").asText().matches("\\d+"))
                    .as("sampler round of row %s", row).isTrue();
        }
    }

    /**
     * The row's column for {@code name}, however the results service spells it ({@code _client_point_id},
     * {@code clientPointId}, ...): the contract names the columns, not their case or prefix.
     */
    private static JsonNode column(JsonNode row, String name) {
        String wanted = normalized(name);
        Set<String> names = new HashSet<>();
        row.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(field -> normalized(field).equals(wanted)).findFirst().map(row::get)
                .orElseThrow(() -> new AssertionError("no " + name + " column among " + names.stream().sorted()
                        .collect(Collectors.joining(", "))));
    }

    private static String normalized(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private record Driven(String studyId, JsonNode summary, String output) {
        @Override
        public String toString() {
            return "the driver's output:\n" + output + "\nsummary: " + summary.toPrettyString();
        }
    }

    /** Runs the driver against this class's services, with the token from their data directory as the CLI takes it. */
    private static Driven drive(String name, String... flags) throws IOException, InterruptedException {
        Path summaryFile = SYSTEM.logDir().resolve("asktell-" + name + "-summary.json");
        Path outputFile = SYSTEM.logDir().resolve("asktell-" + name + ".log");
        List<String> command = new ArrayList<>(List.of("python3", "-B", DRIVER.toString(),
                "--scheduler", SYSTEM.scheduler().rest().baseUrl(),
                "--results", SYSTEM.results().rest().baseUrl(),
                "--data", SYSTEM.dataDir().toString(),
                "--summary", summaryFile.toString(),
                "--timeout", String.valueOf(DRIVER_TIMEOUT.toSeconds() - 5)));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ItPaths.root().toFile())
                .redirectErrorStream(true).redirectOutput(outputFile.toFile());
        builder.environment().remove("RUNFLEET_TOKEN");
        Process process = builder.start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(DRIVER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        assertThat(ended).as("the driver ended within %s; output:%n%s", DRIVER_TIMEOUT, output).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
        JsonNode summary = Rest.JSON.readTree(summaryFile.toFile());
        return new Driven(summary.path("studyId").asText(), summary, output);
    }
}
