package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 runs of a small Python function served by persistent workers (template.worker, docs/worker-protocol.md)
 * through the scheduler, one agent with two slots and the results service on PostgreSQL, while the test kills a
 * worker twice in the middle of a run (SIGKILL, as the OOM killer would). Each killed run's attempt is FAILED naming
 * the signal and retried by the study's policy; every run's result is persisted.
 */
class PersistentWorkerIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2);

    private static final int SIDE = 100;
    /** Run (i, 0) of these rows holds its worker for a while on its first attempt, long enough to be killed. */
    private static final List<Integer> KILLED_ROWS = List.of(30, 70);
    private static final String FUNCTION = """
            import os, time
            from runfleet_worker import serve

            HOLD_ROWS = (%s)

            def run(params, run_dir):
                i, j = params["i"], params["j"]
                if j == 0 and i in HOLD_ROWS and run_dir.endswith("-a1"):
                    marker = os.path.join(os.path.dirname(run_dir), "hold.pid")
                    with open(marker + ".tmp", "w") as out:
                        out.write(str(os.getpid()))
                    os.replace(marker + ".tmp", marker)
                    time.sleep(60)
                return {"f": (i - 50) ** 2 + 3 * j, "pid": os.getpid()}

            serve(run)
            """.formatted(KILLED_ROWS.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ",");

    @Test
    void tenThousandRunsThroughTheWholeSystemSurviveTwoKilledWorkers() throws Exception {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("files", Map.of("runfleet_worker.py",
                Files.readString(ItPaths.root().resolve("examples/worker/template/runfleet_worker.py")),
                "it_worker.py", FUNCTION));
        template.put("worker", List.of("python3", "-B", "it_worker.py"));
        template.put("timeout", "120s");
        template.put("keep", "none");
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("name", "it-persistent-worker");
        study.put("parameters", Map.of("grid", Map.of("i", Map.of("range", List.of(0, SIDE)),
                "j", Map.of("range", List.of(0, SIDE)))));
        study.put("template", template);
        study.put("policy", Map.of("retries", 1));

        Instant start = Instant.now();
        String studyId = SYSTEM.scheduler().submitValidJson(study);
        Path marker = SYSTEM.agentWorkDir(0).resolve(studyId).resolve("hold.pid");
        List<Long> killed = new ArrayList<>();
        while (killed.size() < KILLED_ROWS.size()) {
            assertThat(Duration.between(start, Instant.now())).as("waiting for a held run to kill its worker")
                    .isLessThan(Duration.ofMinutes(10));
            if (Files.exists(marker)) {
                long pid = Long.parseLong(Files.readString(marker).strip());
                Files.delete(marker);
                ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
                assertThat(worker.info().commandLine().orElse("")).contains("it_worker.py");
                worker.destroyForcibly();
                killed.add(pid);
            }
            Thread.sleep(50);
        }

        JsonNode done = SYSTEM.scheduler().awaitState(studyId, "COMPLETED", Duration.ofMinutes(15));
        Duration took = Duration.between(start, Instant.now());
        System.out.printf("PersistentWorkerIT: %d runs in %d s (%.0f runs/s)%n", SIDE * SIDE, took.toSeconds(),
                SIDE * SIDE * 1000.0 / took.toMillis());

        assertThat(done.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", done).isEqualTo(SIDE * SIDE);
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(SIDE * SIDE);
        for (JsonNode row : rows) {
            long i = row.path("i").asLong();
            long j = row.path("j").asLong();
            assertThat(row.path("f").asLong()).as("f in %s", row).isEqualTo((i - 50) * (i - 50) + 3 * j);
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
        }
        assertThat(rows.stream().map(row -> row.path("i").asLong() * SIDE + row.path("j").asLong()).distinct())
                .as("every point once").hasSize(SIDE * SIDE);
        assertThat(rows.stream().filter(row -> row.path("_attempt").asInt() == 2)
                .map(row -> row.path("i").asInt() + "," + row.path("j").asInt()))
                .as("the killed runs, retried").containsExactlyInAnyOrder("30,0", "70,0");
        List<JsonNode> failed = SYSTEM.results().attempts(studyId).stream()
                .filter(attempt -> !"SUCCEEDED".equals(attempt.path("outcome").asText())).toList();
        assertThat(failed).as("failed attempts").hasSize(2);
        assertThat(failed).allSatisfy(attempt -> assertThat(attempt.path("error").asText())
                .contains("the worker died during the run: killed by signal 9 (SIGKILL), exit code 137"));
        // a few workers in all: one per slot, and one more after each kill
        long workers = rows.stream().map(row -> row.path("pid").asLong()).distinct().count();
        assertThat(workers).as("workers that served runs").isBetween(2L, 4L);
        assertThat(killed).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true)));
    }
}
