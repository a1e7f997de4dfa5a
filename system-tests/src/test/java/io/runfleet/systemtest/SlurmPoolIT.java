package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
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
 * Named pools of the scheduler's configuration (runfleet.launch.pools-file) on the real single-node Slurm of
 * deploy/slurm/start-slurm.sh, with no agent connected: two studies of one pool are served by the same allocations,
 * a paused pool submits nothing until resumed, a pool's own batch script template runs, and a pool whose partition the
 * cluster does not know is refused at start with sbatch's error line. One scheduler for the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SideLane
class SlurmPoolIT {

    private static final Path CONFIG = configDir();
    private static final Path TEMPLATE_MARKS = CONFIG.resolve("template-ran");

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SlurmStudies.launchingScheduler()
            .withSchedulerSetting("runfleet.launch.pools-file", poolsFile().toString());

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final SlurmStudies STUDIES = new SlurmStudies(SYSTEM);
    private static SlurmCluster slurm;

    @BeforeAll
    static void slurmIsUp() {
        slurm = STUDIES.cluster();
    }

    @Test
    @Order(1)
    void twoStudiesOfOnePoolAreServedByTheSameAllocations() {
        String first = submit(study("first", 40, "pool: shared"));
        String second = submit(study("second", 40, "pool: shared"));

        for (String studyId : List.of(first, second)) {
            // The pool's status is shown while the study is ACTIVE: the manager forgets an ended study.
            awaitSlurm(studyId, slurm -> slurm.path("pool").asText().equals("shared"));
        }
        for (String studyId : List.of(first, second)) {
            JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
            assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(40);
            assertThat(SYSTEM.results().rows(studyId)).extracting(row -> row.path("i").asInt())
                    .as("every result of %s exactly once", studyId)
                    .containsExactlyInAnyOrderElementsOf(Stream.iterate(0, i -> i + 1).limit(40).toList());
        }
        Set<String> firstJobs = jobsOf(first);
        Set<String> secondJobs = jobsOf(second);
        assertThat(firstJobs).as("allocations of pool shared that ran the first study's runs").isNotEmpty()
                .containsAnyElementsOf(secondJobs);
        assertThat(SYSTEM.schedulerProcess().logLines())
                .as("allocations are submitted for the pool, none for either study of it")
                .anyMatch(line -> line.contains("for pool shared"))
                .noneMatch(line -> line.contains("submitted allocation") && (line.contains("for study " + first)
                        || line.contains("for study " + second)));
        awaitNoAllocation("shared");
    }

    @Test
    @Order(2)
    void aPausedPoolSubmitsNothingUntilResumed() {
        JsonNode paused = SYSTEM.scheduler().rest().post("/pools/shared/pause").expect(200);
        assertThat(paused.path("slurm").path("paused").asBoolean()).as("%s", paused).isTrue();
        long submittedBefore = submissionsOf("shared");

        String studyId = submit(study("paused", 6, "pool: shared"));

        JsonNode status = awaitSlurm(studyId, slurm -> slurm.path("explanation").asText()
                .startsWith("paused by command") && slurm.path("runsWaiting").asInt() == 6);
        assertThat(status.path("explanation").asText()).as("%s", status).contains("/pools/shared/resume");
        assertThat(allocations("shared")).as("nothing submitted while paused").isEmpty();
        assertThat(submissionsOf("shared")).isEqualTo(submittedBefore);
        assertThat(SYSTEM.scheduler().study(studyId).path("counts").path("SUCCEEDED").asInt()).isZero();

        JsonNode resumed = SYSTEM.scheduler().rest().post("/pools/shared/resume").expect(200);
        assertThat(resumed.path("slurm").path("paused").asBoolean()).as("%s", resumed).isFalse();
        assertThat(SYSTEM.scheduler().awaitState(studyId, "COMPLETED").path("counts").path("SUCCEEDED").asInt())
                .isEqualTo(6);
        assertThat(submissionsOf("shared")).as("resume submitted again").isGreaterThan(submittedBefore);
        awaitNoAllocation("shared");
    }

    @Test
    @Order(3)
    void aPoolsOwnTemplateBecomesTheAllocationsScript() throws IOException {
        String studyId = submit(study("templated", 4, "pool: templated"));

        String script = SYSTEM.scheduler().rest().get("/studies/" + studyId + "/launch/script").expect(200)
                .path("script").asText();
        assertThat(script).startsWith("#!/bin/bash\n# the site's own template\n#SBATCH --job-name=runfleet-pool-templated\n")
                .contains("\n#SBATCH --export=ALL\n").contains("echo \"$SLURM_JOB_ID\" >> " + TEMPLATE_MARKS + "\n")
                .contains("srun --ntasks=").doesNotContain("{{");
        SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        Set<String> jobs = jobsOf(studyId);
        assertThat(jobs).as("allocations of pool templated that ran the runs").isNotEmpty();
        assertThat(Files.readAllLines(TEMPLATE_MARKS)).as("the template's own line ran in those allocations")
                .containsAll(jobs);
        awaitNoAllocation("templated");
    }

    @Test
    @Order(4)
    void aPoolTheClusterRefusesIsRefusedWithSbatchsErrorAndUnknownPoolsAreNamed() {
        JsonNode refused = SYSTEM.scheduler().submitYaml(study("refused", 2, "pool: nope")).expect(400);
        assertThat(refused.path("problems")).as("%s", refused).singleElement().satisfies(problem -> {
            assertThat(problem.path("field").asText()).isEqualTo("launch.pool");
            assertThat(problem.path("message").asText()).contains("sbatch --test-only")
                    .contains("sbatch: error: invalid partition specified: nope");
        });
        JsonNode unknown = SYSTEM.scheduler().submitYaml(study("unknown", 2, "pool: ghost")).expect(400);
        assertThat(unknown.path("problems").get(0).path("message").asText()).as("%s", unknown)
                .contains("'ghost' is no pool").contains("nope, shared, templated");
        assertThat(SYSTEM.scheduler().rest().get("/pools/nope").expect(200).path("refused").asText())
                .contains("invalid partition specified: nope");
        assertThat(SYSTEM.schedulerProcess().logLines()).anyMatch(line -> line.contains("pool nope refused"));

        // a study's own section is not tried with --test-only: it is accepted and backs off when sbatch refuses it
        String inline = submit(study("inline", 2, "slurm: {walltime: 2m, submitArgs: [--partition=nope]}"));
        SYSTEM.scheduler().rest().post("/studies/" + inline + "/cancel").expect(200);
    }

    @AfterAll
    static void cancelEverything() {
        STUDIES.cancelAll(List.of(jobName("shared"), jobName("templated")));
    }

    /** The allocations whose agents ran the study's runs: agent ids are {@code <pool>-<job id>-<rank>}. */
    private static Set<String> jobsOf(String studyId) {
        return SYSTEM.scheduler().runs(studyId, 100).stream().map(run -> run.path("agentId").asText())
                .map(agent -> agent.split("-")).filter(parts -> parts.length == 3).map(parts -> parts[1])
                .collect(Collectors.toSet());
    }

    private static long submissionsOf(String pool) {
        return SYSTEM.schedulerProcess().logLines().stream()
                .filter(line -> line.contains("submitted allocation") && line.contains("for pool " + pool + " ("))
                .count();
    }

    private static String submit(String yaml) {
        return STUDIES.submit(yaml);
    }

    private static String jobName(String pool) {
        return "runfleet-pool-" + pool;
    }

    /** The pool's allocations squeue shows, job id to state. */
    private static Map<String, String> allocations(String pool) {
        return STUDIES.liveJobs(jobName(pool));
    }

    private static void awaitNoAllocation(String pool) {
        STUDIES.awaitNoLiveJob(jobName(pool), TIMEOUT);
    }

    private static JsonNode awaitSlurm(String studyId, Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("launch.slurm of study " + studyId).atMost(TIMEOUT).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    last.set(SYSTEM.scheduler().study(studyId).path("launch").path("slurm"));
                    assertThat(condition.test(last.get())).as("launch.slurm %s", last.get()).isTrue();
                });
        return last.get();
    }

    private static String study(String name, int runs, String launch) {
        return """
                name: it-pool-%s
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, 'sleep 0.2; printf "{\\"i\\": %%d}" {{ i }} > result.json']
                  timeout: 10s
                outputs:
                  - {json: result.json}
                policy: {retries: 0, crashLimit: 5}
                launch: {%s}
                """.formatted(name, Stream.iterate(0, i -> i + 1).limit(runs).map(String::valueOf)
                .collect(Collectors.joining(", ")), launch);
    }

    private static Path configDir() {
        try {
            return Files.createTempDirectory("runfleet-pools-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three pools: one shared by studies, one with its own template, one on a partition the cluster lacks. */
    private static Path poolsFile() {
        try {
            Files.writeString(CONFIG.resolve("templated.sh"), """
                    #!/bin/bash
                    # the site's own template
                    {{ runfleet.directives }}
                    #SBATCH --export=ALL
                    echo "$SLURM_JOB_ID" >> %s
                    {{ runfleet.agents }}
                    """.formatted(TEMPLATE_MARKS));
            return Files.writeString(CONFIG.resolve("pools.yaml"), """
                    pools:
                      shared:
                        slurm: {partition: debug, walltime: 1m, drainMargin: 30s, agentsPerNode: 2, cpusPerAgent: 1,
                                maxAllocations: 2, idleTimeout: 10s}
                      templated:
                        slurm: {partition: debug, walltime: 2m, idleTimeout: 5s}
                        scriptTemplateFile: templated.sh
                      nope:
                        slurm: {partition: nope, walltime: 2m}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
