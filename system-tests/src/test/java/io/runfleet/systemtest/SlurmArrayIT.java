package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study with {@code launch.slurm.mode: array} on the real single-node Slurm of deploy/slurm/start-slurm.sh and a
 * scheduler with no agent connected: the scheduler submits job arrays of one task per run, each task's agent takes one
 * run and exits; never more tasks run at once than the throttle, every result arrives once, and the queue holds
 * nothing of the study at the end; a cancelled study's waiting tasks are cancelled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SideLane
class SlurmArrayIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SlurmStudies.launchingScheduler();

    private static final int RUNS = 32;
    private static final int THROTTLE = 4;
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(180);
    private static final List<String> STUDIES = new ArrayList<>();
    private static SlurmCluster slurm;

    @BeforeAll
    static void slurmIsUp() {
        slurm = SlurmCluster.reachable();
    }

    @Test
    @Order(1)
    void eachRunGetsAnArrayTaskOfItsOwnWithinTheThrottleAndEveryResultArrivesOnce() throws Exception {
        String studyId = submit(RUNS, "sleep 0.05", "{slurm: {partition: debug, walltime: 2m, mode: array,"
                + " arrayThrottle: " + THROTTLE + ", idleTimeout: 20s}}");
        Set<String> arrays = ConcurrentHashMap.newKeySet();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            List<String[]> tasks = tasks(studyId);
            tasks.forEach(task -> arrays.add(task[0].split("_", 2)[0]));
            mostRunning.accumulateAndGet((int) tasks.stream().filter(task -> task[1].equals("RUNNING")).count(),
                    Math::max);
            polls.incrementAndGet();
        }, 0, 300, TimeUnit.MILLISECONDS);
        JsonNode study;
        try {
            study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(SYSTEM.results().rows(studyId)).extracting(row -> row.path("i").asInt())
                .as("every result exactly once")
                .containsExactlyInAnyOrderElementsOf(Stream.iterate(0, i -> i + 1).limit(RUNS).toList());
        assertThat(mostRunning.get()).as("array tasks running at once over %d looks at squeue", polls.get())
                .isBetween(1, THROTTLE);
        List<String> agents = SYSTEM.scheduler().runs(studyId, RUNS).stream()
                .map(run -> run.path("agentId").asText()).toList();
        assertThat(agents).as("one agent, one array task, per run (runfleet.agent.max-runs=1)")
                .doesNotHaveDuplicates()
                .allMatch(agent -> arrays.stream().anyMatch(array -> agent.startsWith(studyId + "-" + array + "-")));
        awaitNothingQueued(studyId);
        assertThat(taskOutputs(studyId)).as("task outputs whose agent exited after its one run, not by idleTimeout")
                .filteredOn(output -> output.contains("took the runs of runfleet.agent.max-runs"))
                .hasSizeGreaterThanOrEqualTo(RUNS);
    }

    @Test
    @Order(2)
    void theWaitingTasksOfACancelledStudyAreCancelled() {
        String studyId = submit(20, "sleep 30", "{slurm: {partition: debug, walltime: 2m, mode: array,"
                + " arrayThrottle: 1, idleTimeout: 20s}}");
        await("a waiting array task of study " + studyId).atMost(QUEUE_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> tasks(studyId).stream().anyMatch(task -> task[1].equals("PENDING")));

        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);

        awaitNothingQueued(studyId);
    }

    /** Ends the studies, so that the scheduler submits nothing more, then cancels what is left of their tasks. */
    @AfterAll
    static void cancelEverything() {
        for (String studyId : STUDIES) {
            SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel");
        }
        if (slurm == null) {
            return;
        }
        for (String studyId : STUDIES) {
            tasks(studyId).forEach(task -> slurm.remember(task[0].split("_", 2)[0]));
        }
        slurm.cancelAll();
    }

    /** The output files of the study's array tasks, one per task ({@code slurm-%j.out}). */
    private static List<String> taskOutputs(String studyId) throws java.io.IOException {
        java.nio.file.Path dir = ItPaths.root().resolve("system-tests/target/it-data").resolve(
                SlurmArrayIT.class.getSimpleName()).resolve("launch/slurm").resolve(studyId);
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            List<String> outputs = new ArrayList<>();
            for (java.nio.file.Path file : files.filter(path -> path.getFileName().toString().startsWith("slurm-"))
                    .toList()) {
                outputs.add(java.nio.file.Files.readString(file));
            }
            return outputs;
        }
    }

    /** The study's array tasks squeue shows, live or ending: {id, state}, a waiting array's tasks as one entry. */
    private static List<String[]> tasks(String studyId) {
        String name = "runfleet-" + studyId;
        return slurm.run("squeue", "-h", "-o", "%i|%j|%T").lines().map(line -> line.strip().split("\\|"))
                .filter(fields -> fields.length == 3 && fields[1].equals(name))
                .map(fields -> new String[] {fields[0], fields[2]}).toList();
    }

    private static void awaitNothingQueued(String studyId) {
        try {
            await("no array task of study " + studyId + " in squeue").atMost(QUEUE_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> tasks(studyId).stream().noneMatch(task -> Set.of("PENDING", "CONFIGURING",
                            "RUNNING", "COMPLETING").contains(task[1])));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // What Slurm and the scheduler saw, so that a failure in CI can be understood from its log alone.
            throw new AssertionError(e.getMessage() + "\nsqueue:\n" + slurm.run("squeue", "-h", "-o",
                    "%i|%j|%T|%r|%M") + "\nthe study's allocations as the scheduler explains them: "
                    + SYSTEM.scheduler().rest().get("/studies/" + studyId + "/explain").expect(200), e);
        }
    }

    private static String submit(int runs, String command, String launch) {
        String studyId = SYSTEM.scheduler().submitValidYaml("""
                name: it-slurm-array
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, '%s; printf "{\\"i\\": %%d}" {{ i }} > result.json']
                  timeout: 10s
                outputs:
                  - {json: result.json}
                policy: {retries: 0, crashLimit: 5}
                launch: %s
                """.formatted(Stream.iterate(0, i -> i + 1).limit(runs).map(String::valueOf)
                .collect(Collectors.joining(", ")), command, launch));
        STUDIES.add(studyId);
        return studyId;
    }
}
