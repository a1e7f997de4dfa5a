package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Studies with {@code launch: {slurm: ...}} on the real single-node Slurm of deploy/slurm/start-slurm.sh and a
 * scheduler with no agent connected: the scheduler submits allocations whose agents run the study, within the study's
 * limits at every look at squeue, drained before the walltime and released at the end; a failing sbatch is shown,
 * backed off and pauses the pool; a restarted scheduler adopts its allocations instead of submitting again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SideLane
class SlurmLaunchIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SlurmStudies.launchingScheduler()
            .withSchedulerSetting("runfleet.launch.slurm.max-submit-failures", "2")
            .withSchedulerSetting("runfleet.launch.slurm.backoff", "1s")
            .withSchedulerSetting("runfleet.launch.slurm.max-backoff", "2s");
    // the default claim timeout (10 min): a request handed to an agent of an allocation that is going away comes
    // back at once (docs/deploy-slurm.md, "What the scheduler counts"), so a study that waited for it would time out

    private static final Duration ALLOCATIONS_TIMEOUT = Duration.ofSeconds(120);
    private static final SlurmStudies STUDIES = new SlurmStudies(SYSTEM);
    private static SlurmCluster slurm;

    @BeforeAll
    static void slurmIsUp() {
        slurm = STUDIES.cluster();
    }

    @Test
    @Order(1)
    void aStudyOfManyShortRunsGoesThroughSeveralAllocationsWithinTheLimits() throws Exception {
        int runs = 750;
        // 2 agents of 2 slots per allocation, at most 2 allocations: the node's 8 CPUs. Each allocation takes runs for
        // at most 35 s (walltime 1m less the timeout and the agents' margin of 15 s): 4 slots x 35 s / 0.4 s is 350
        // runs, however fast the machine, so the 750 runs need at least three allocations.
        String studyId = submit(study("many", runs, "sleep 0.4", "10s",
                "{slurm: {partition: debug, walltime: 1m, drainMargin: 30s, agentsPerNode: 2, cpusPerAgent: 2,"
                        + " maxAllocations: 2, maxPendingAllocations: 1, idleTimeout: 5s}}"));
        Map<String, String> seen = new ConcurrentHashMap<>();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger mostPending = new AtomicInteger();
        AtomicInteger polls = new AtomicInteger();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            Map<String, String> live = allocations(studyId);
            seen.putAll(live);
            mostAtOnce.accumulateAndGet(live.size(), Math::max);
            mostPending.accumulateAndGet((int) live.values().stream().filter("PENDING"::equals).count(), Math::max);
            polls.incrementAndGet();
        }, 0, 250, TimeUnit.MILLISECONDS);
        JsonNode study;
        try {
            study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED", Duration.ofMinutes(5));
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(runs);
        assertThat(study.path("launch").path("kind").asText()).isEqualTo("slurm");
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).extracting(row -> row.path("i").asInt()).as("every result exactly once")
                .containsExactlyInAnyOrderElementsOf(Stream.iterate(0, i -> i + 1).limit(runs).toList());
        assertThat(mostAtOnce.get()).as("allocations at once over %d polls", polls.get()).isBetween(1, 2);
        assertThat(mostPending.get()).as("pending allocations at once over %d polls", polls.get()).isBetween(0, 1);
        assertThat(seen).as("allocations submitted over the study: the first ones drained before their walltime")
                .hasSizeGreaterThanOrEqualTo(3);
        List<JsonNode> ended = SYSTEM.scheduler().runs(studyId, runs);
        assertThat(ended).extracting(run -> run.path("agentId").asText())
                .as("every run on an agent of one of its allocations")
                .allMatch(agent -> seen.keySet().stream().anyMatch(job -> agent.startsWith(studyId + "-" + job + "-")));
        assertThat(attemptsEnded(ended, "failed") + attemptsEnded(ended, "preempted"))
                .as("attempts failed or preempted by a drain or the walltime").isZero();
        // Released at once as the study completes (the agents idle for idleTimeout at most): within idleTimeout and
        // two polls of the scheduler, plus the seconds a cancelled job stays COMPLETING.
        await("no allocation of study " + studyId + " left soon after its last result")
                .atMost(Duration.ofSeconds(5 + 2 + 10)).pollInterval(Duration.ofMillis(250))
                .until(() -> allocations(studyId).isEmpty());
        for (String job : seen.keySet()) {
            assertThat(slurm.attempt("scontrol", "-o", "show", "job", job).output())
                    .as("allocation %s ended before its walltime, drained", job).doesNotContain("JobState=TIMEOUT");
        }
    }

    @Test
    @Order(2)
    void aFailingSbatchIsShownBacksOffAndPausesThePoolUntilResumed() {
        String studyId = submit(study("nope", 4, "true", "10s",
                "{slurm: {walltime: 2m, submitArgs: [--partition=nope]}}"));

        // The pause is set as the failed allocation is seen; the one-line explanation follows at the next poll.
        JsonNode paused = awaitSlurm(studyId, slurm -> slurm.path("paused").asBoolean()
                && slurm.path("explanation").asText().startsWith("paused"));
        assertThat(paused.path("lastError").asText()).as("launch.slurm %s", paused)
                .contains("invalid partition specified: nope");
        assertThat(paused.path("consecutiveFailures").asInt()).isEqualTo(2);
        assertThat(paused.path("explanation").asText()).contains("paused").contains("/launch/resume");
        assertThat(SYSTEM.scheduler().study(studyId).path("launch").path("lastError").asText())
                .contains("invalid partition specified");
        assertThat(SYSTEM.schedulerProcess().logLines()).as("one failure backed off before the next")
                .anyMatch(line -> line.contains("sbatch for study " + studyId + " failed (1 in a row)"))
                .anyMatch(line -> line.contains("(2 in a row, its pool is paused)"));
        assertThat(allocations(studyId)).isEmpty();
        String script = SYSTEM.scheduler().rest().get("/studies/" + studyId + "/launch/script").expect(200)
                .path("script").asText();
        assertThat(script).as("the script that would be submitted").contains("#SBATCH --partition=nope\n")
                .contains("#SBATCH --time=0:02:00\n").contains("#SBATCH --job-name=runfleet-" + studyId + "\n")
                .contains("srun --ntasks=$(( SLURM_JOB_NUM_NODES * 1 )) --ntasks-per-node=1 --cpus-per-task=1");

        JsonNode resumed = SYSTEM.scheduler().rest().post("/studies/" + studyId + "/launch/resume").expect(200);
        assertThat(resumed.path("launch").path("slurm").path("paused").asBoolean()).as("%s", resumed).isFalse();
        awaitSlurm(studyId, slurm -> slurm.path("paused").asBoolean() && slurm.path("submitted").asInt() == 0);
        assertThat(SYSTEM.schedulerProcess().logLines()).as("resume submitted again")
                .filteredOn(line -> line.contains("sbatch for study " + studyId + " failed (1 in a row)")).hasSize(2);
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
    }

    @Test
    @Order(3)
    void aRestartedSchedulerAdoptsItsAllocationsAndSubmitsNoMore() {
        // The agents wait out the scheduler's downtime: an idleTimeout shorter than a restart (11 s on a busy
        // machine) ends the allocation, and the restarted scheduler rightly submits another. Once the study
        // completes, its allocation is cancelled, so the longer timeout costs nothing.
        String studyId = submit(study("adopted", 40, "sleep 1", "10s",
                "{slurm: {partition: debug, walltime: 2m, agentsPerNode: 2, cpusPerAgent: 1, maxAllocations: 1,"
                        + " idleTimeout: 60s}}"));
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 4);
        Map<String, String> before = allocations(studyId);
        assertThat(before).as("one allocation before the restart").hasSize(1);

        SYSTEM.killScheduler();
        SYSTEM.startSchedulerAgain();

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(40);
        assertThat(SYSTEM.results().rows(studyId)).hasSize(40);
        assertThat(SYSTEM.schedulerProcess().logLines()).as("the restarted scheduler submitted nothing")
                .noneMatch(line -> line.contains("submitted allocation"));
        assertThat(SYSTEM.scheduler().runs(studyId, 40)).extracting(run -> run.path("agentId").asText())
                .as("every run on the one allocation")
                .allMatch(agent -> agent.startsWith(studyId + "-" + before.keySet().iterator().next() + "-"));
        awaitNoAllocation(studyId);
    }

    @Test
    @Order(4)
    void runsWhoseTimeoutCannotFitTheWalltimeGetNoAllocationAndTheStudySaysWhy() {
        String studyId = submit(study("too-long", 3, "true", "10m", "{slurm: {partition: debug, walltime: 2m}}"));

        JsonNode slurm = awaitSlurm(studyId, status -> status.path("runsThatNeverFit").asInt() == 3);
        assertThat(slurm.path("explanation").asText()).as("launch.slurm %s", slurm)
                .contains("3 runs have a timeout longer than walltime less drainMargin").contains("raise walltime");
        assertThat(slurm.path("submitted").asInt()).isZero();
        assertThat(allocations(studyId)).isEmpty();
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
    }

    @Test
    @Order(5)
    void allocationsWhoseAgentsCannotStartCountAsFailedAndPauseThePool() {
        String studyId = submit(study("no-agent", 3, "true", "10s",
                "{slurm: {partition: debug, walltime: 2m, setup: ['exec /nonexistent/agent-java']}}"));

        // The pause is set as the failed allocation is seen; the one-line explanation follows at the next poll.
        JsonNode paused = awaitSlurm(studyId, slurm -> slurm.path("paused").asBoolean()
                && slurm.path("explanation").asText().startsWith("paused"));
        assertThat(paused.path("consecutiveFailures").asInt()).as("launch.slurm %s", paused).isEqualTo(2);
        assertThat(paused.path("submitted").asInt()).isEqualTo(2);
        assertThat(paused.path("lastError").asText()).contains("ended FAILED").contains("/nonexistent/agent-java");
        assertThat(paused.path("explanation").asText()).contains("paused after 2 failed submissions or allocations");
        awaitNoAllocation(studyId);
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
    }

    @Test
    @Order(6)
    void slotsFollowFromCpusPerAgentAndThreadsPerRunAndEachRunSeesItsThreads() {
        String studyId = submit("""
                name: it-slurm-threads
                parameters:
                  grid: {i: [0, 1, 2, 3, 4, 5, 6, 7]}
                template:
                  command: [sh, -c, 'sleep 1; printf "{\\"threads\\": %s}" "$OMP_NUM_THREADS" > result.json']
                  timeout: 10s
                outputs:
                  - {json: result.json}
                launch: {slurm: {partition: debug, walltime: 2m, agentsPerNode: 1, cpusPerAgent: 4, threadsPerRun: 2,
                                 idleTimeout: 10s}}
                """);

        SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(SYSTEM.results().rows(studyId)).extracting(row -> row.path("threads").asInt())
                .as("OMP_NUM_THREADS of every run").hasSize(8).containsOnly(2);
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 8);
        assertThat(mostOverlapping(runs)).as("runs at once on the one agent of 4 / 2 = 2 slots").isEqualTo(2);
        awaitNoAllocation(studyId);
    }

    @Test
    @Order(7)
    void pendingAllocationsStayWithinTheirLimitAndAreCancelledWithTheStudy() {
        String studyId = submit(study("pending", 20, "true", "10s",
                "{slurm: {partition: debug, walltime: 2m, maxAllocations: 3, maxPendingAllocations: 1,"
                        + " submitArgs: ['--begin=now+1hour']}}"));

        JsonNode slurm = awaitSlurm(studyId, status -> status.path("allocations").size() == 1
                && status.path("explanation").asText().contains("maxPendingAllocations"));
        assertThat(slurm.path("allocations").get(0).path("state").asText()).isEqualTo("PENDING");
        assertThat(allocations(studyId)).as("one pending allocation, not three").hasSize(1);

        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
        awaitNoAllocation(studyId);
    }

    @Test
    @Order(8)
    void aCancelledAllocationsRunsAreRequeuedAsPreemptedWithoutUsingRetries() {
        String studyId = submit(study("scancel", 40, "sleep 1.5", "20s",
                "{slurm: {partition: debug, walltime: 3m, agentsPerNode: 2, cpusPerAgent: 1, maxAllocations: 1,"
                        + " idleTimeout: 10s}}"));
        SYSTEM.scheduler().awaitRuns(studyId, "SUCCEEDED", 4);
        String job = runningAllocationWithRuns(studyId);

        slurm.run("scancel", job);

        JsonNode cancelled = awaitSlurm(studyId, status -> endedAllocation(status, job) != null);
        JsonNode ended = endedAllocation(cancelled, job);
        assertThat(ended.path("state").asText()).as("launch.slurm %s", cancelled).isEqualTo("CANCELLED");
        // the runs its 2 agents of 1 slot held, and any request that reached one after it stopped (drained)
        assertThat(ended.path("runsRequeued").asInt()).as("attempts its agents handed back").isPositive();
        assertThat(ended.path("reason").asText()).contains("cancelled (scancel or preemption)")
                .contains("requeued as preempted").endsWith("no retry used");
        assertThat(cancelled.path("paused").asBoolean()).isFalse();
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("retries: 0, and yet %s", study).isEqualTo(40);
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 40);
        assertThat(handedBack(runs)).as("attempts ended preempted or drained")
                .isEqualTo(ended.path("runsRequeued").asInt());
        assertThat(attemptsEnded(runs, "preempted")).as("attempts ended preempted").isPositive();
        assertThat(attemptsEnded(runs, "failed")).as("attempts failed (retries: 0)").isZero();
        assertThat(SYSTEM.results().rows(studyId)).hasSize(40);
        awaitNoAllocation(studyId);
    }

    @Test
    @Order(9)
    void allocationsPreemptedSeveralTimesInARowRequeueTheirRunsAndNeverPauseThePool() {
        String studyId = submit(study("preempted", 60, "sleep 1", "20s",
                "{slurm: {partition: debug, walltime: 3m, agentsPerNode: 2, cpusPerAgent: 1, maxAllocations: 1,"
                        + " idleTimeout: 10s}}"));
        List<String> preempted = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String job = runningAllocationWithRuns(studyId);
            // An urgent job that needs every CPU of the node: Slurm cancels the debug allocation in its way.
            String urgent = slurm.sbatch("-p", "urgent", "-n", String.valueOf(slurm.cpus()), "-J",
                    "it-urgent-" + studyId, "-o", "/dev/null", "--wrap", "sleep 1");
            slurm.awaitEnded(job);
            slurm.awaitEnded(urgent);
            assertThat(slurm.jobState(job)).as("allocation %s in round %d", job, round).isEqualTo("PREEMPTED");
            preempted.add(job);
        }
        JsonNode status = awaitSlurm(studyId, state -> preempted.stream().allMatch(job -> endedAllocation(state, job)
                != null));
        for (String job : preempted) {
            JsonNode ended = endedAllocation(status, job);
            assertThat(ended.path("state").asText()).as("launch.slurm %s", status).isEqualTo("PREEMPTED");
            assertThat(ended.path("reason").asText()).contains("never pauses the pool");
        }
        assertThat(status.path("paused").asBoolean()).as("launch.slurm %s", status).isFalse();
        assertThat(status.path("consecutiveFailures").asInt()).isZero();
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("retries: 0, and yet %s", study).isEqualTo(60);
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 60);
        assertThat(handedBack(runs)).as("attempts ended preempted or drained, as the allocations counted them")
                .isEqualTo(preempted.stream().mapToInt(job -> endedAllocation(status, job).path("runsRequeued")
                        .asInt()).sum())
                .isGreaterThanOrEqualTo(3);
        assertThat(attemptsEnded(runs, "failed")).as("attempts counted failed").isZero();
        assertThat(SYSTEM.results().rows(studyId)).hasSize(60);
        awaitNoAllocation(studyId);
    }

    @Test
    @Order(10)
    void runsThatNoLongerFitAreHandedBackAndNoAllocationReachesItsWalltime() {
        // walltime 1m, drainMargin 20s: the agents' margin is 10 s, so a run of timeout 25 s is taken only in the
        // allocation's first 25 s; each agent runs about four, hands the next back and stops, its allocation ends
        // COMPLETED, and the next allocation runs the rest.
        String studyId = submit(study("drain", 16, "sleep 5", "25s",
                "{slurm: {partition: debug, walltime: 1m, drainMargin: 20s, agentsPerNode: 2, cpusPerAgent: 1,"
                        + " maxAllocations: 1, idleTimeout: 10s}}"));
        Map<String, String> seen = new ConcurrentHashMap<>();
        Map<String, JsonNode> endedSeen = new ConcurrentHashMap<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            seen.putAll(allocations(studyId));
            SYSTEM.scheduler().study(studyId).path("launch").path("slurm").path("ended")
                    .forEach(ended -> endedSeen.put(ended.path("jobId").asText(), ended));
        }, 0, 500, TimeUnit.MILLISECONDS);
        JsonNode study;
        try {
            study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        } finally {
            poller.shutdownNow();
        }

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(16);
        List<JsonNode> runs = SYSTEM.scheduler().runs(studyId, 16);
        assertThat(attemptsEnded(runs, "failed") + attemptsEnded(runs, "preempted"))
                .as("attempts killed by the walltime or a drain").isZero();
        assertThat(attemptsEnded(runs, "drained"))
                .as("runs handed back because they no longer fit their agent's time left").isPositive();
        assertThat(seen).as("the runs left finished in later allocations").hasSizeGreaterThanOrEqualTo(2);
        assertThat(endedSeen.values()).as("allocations that ended while the study ran, in launch.slurm").isNotEmpty()
                .allMatch(ended -> ended.path("state").asText().equals("COMPLETED"));
        awaitNoAllocation(studyId);
        for (String job : seen.keySet()) {
            // the last one may be cancelled as the study completes, with its agents idle
            assertThat(slurm.jobState(job)).as("allocation %s (ended as the scheduler saw it: %s)", job,
                    endedSeen.get(job)).isIn("COMPLETED", "CANCELLED");
        }
    }

    /** A RUNNING allocation of the study while runs of it are RUNNING: its job id. */
    private static String runningAllocationWithRuns(String studyId) {
        java.util.concurrent.atomic.AtomicReference<String> job = new java.util.concurrent.atomic.AtomicReference<>();
        await("a running allocation of study " + studyId + " with runs in progress").atMost(ALLOCATIONS_TIMEOUT)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Optional<String> running = allocations(studyId).entrySet().stream()
                            .filter(entry -> entry.getValue().equals("RUNNING")).map(Map.Entry::getKey).findFirst();
                    boolean busy = SYSTEM.scheduler().study(studyId).path("counts").path("RUNNING").asInt() > 0;
                    running.ifPresent(job::set);
                    return running.isPresent() && busy;
                });
        return job.get();
    }

    /** Attempts of these runs that ended preempted or drained. */
    private static int handedBack(List<JsonNode> runs) {
        return attemptsEnded(runs, "preempted") + attemptsEnded(runs, "drained");
    }

    /** Attempts of these runs that ended so: failed, lost, preempted or drained ({@code attemptEnds}). */
    private static int attemptsEnded(List<JsonNode> runs, String how) {
        return runs.stream().mapToInt(run -> run.path("attemptEnds").path(how).asInt()).sum();
    }

    /** The entry of {@code launch.slurm.ended} for the job; null if none. */
    private static JsonNode endedAllocation(JsonNode slurmStatus, String jobId) {
        for (JsonNode ended : slurmStatus.path("ended")) {
            if (ended.path("jobId").asText().equals(jobId)) {
                return ended;
            }
        }
        return null;
    }

    /** The most runs that were RUNNING at one instant, from their start and end times (an end before a start). */
    private static int mostOverlapping(List<JsonNode> runs) {
        List<long[]> events = new ArrayList<>();
        for (JsonNode run : runs) {
            events.add(new long[] {Instant.parse(run.path("startedAt").asText()).toEpochMilli(), 1});
            events.add(new long[] {Instant.parse(run.path("endedAt").asText()).toEpochMilli(), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int most = 0;
        for (long[] event : events) {
            now += (int) event[1];
            most = Math.max(most, now);
        }
        return most;
    }

    /** Ends the studies, so that the scheduler submits nothing more, then cancels what is left of their allocations. */
    @AfterAll
    static void cancelEverything() {
        STUDIES.cancelAll(STUDIES.ids().stream().map(SlurmLaunchIT::jobName).toList());
    }

    private static String submit(String yaml) {
        return STUDIES.submit(yaml);
    }

    private static String jobName(String studyId) {
        return "runfleet-" + studyId;
    }

    /** The study's allocations squeue shows, job id to state. */
    private static Map<String, String> allocations(String studyId) {
        return STUDIES.liveJobs(jobName(studyId));
    }

    private static void awaitNoAllocation(String studyId) {
        STUDIES.awaitNoLiveJob(jobName(studyId), ALLOCATIONS_TIMEOUT);
    }

    private static JsonNode awaitSlurm(String studyId, java.util.function.Predicate<JsonNode> condition) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
        await("launch.slurm of study " + studyId).atMost(ALLOCATIONS_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    last.set(SYSTEM.scheduler().study(studyId).path("launch").path("slurm"));
                    assertThat(condition.test(last.get())).as("launch.slurm %s", last.get()).isTrue();
                });
        return last.get();
    }

    private static String study(String name, int runs, String command, String timeout, String launch) {
        return """
                name: it-slurm-%s
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, '%s; printf "{\\"i\\": %%d}" {{ i }} > result.json']
                  timeout: %s
                outputs:
                  - {json: result.json}
                policy: {retries: 0, crashLimit: 5}
                launch: %s
                """.formatted(name, Stream.iterate(0, i -> i + 1).limit(runs).map(String::valueOf)
                .collect(Collectors.joining(", ")), command, timeout, launch);
    }
}
