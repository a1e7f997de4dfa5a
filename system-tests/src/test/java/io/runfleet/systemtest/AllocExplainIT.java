package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code runfleet alloc list}, {@code alloc explain}, {@code explain} and {@code submit --dry-run} of a study with
 * {@code launch: {slurm: ...}}, run as the CLI jar against a scheduler that submits to the real single-node Slurm
 * (deploy/slurm/start-slurm.sh): the allocation listed with its state and deadline, a {@code scancel}led allocation
 * named with its end state, a run's attempts, and the batch script of a dry run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SideLane
class AllocExplainIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SlurmStudies.launchingScheduler();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> STUDIES = new ArrayList<>();
    private static SlurmCluster slurm;

    @BeforeAll
    static void slurmIsUp() {
        slurm = SlurmCluster.reachable();
    }

    @Test
    @Order(1)
    void aDryRunPrintsTheBatchScriptOfTheFirstAllocationAndSubmitsNothing() throws Exception {
        // Not in ItPaths.workDir: that empties the class's work directory, the services' keyring with it.
        Path file = Files.createTempFile("alloc-explain-dry-run", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, study("dry", 3, "{slurm: {partition: debug, walltime: 2m, agentsPerNode: 2}}"));

        HostCommand.Result dryRun = cli("submit", file.toString(), "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        String studyId = dryRun.output().strip().lines().reduce((first, second) -> second).orElseThrow();
        STUDIES.add(studyId);
        assertThat(dryRun.output())
                .containsPattern("the batch script of the first allocation \\(\\d+ node\\(s\\)\\), not submitted")
                .contains("#SBATCH --job-name=runfleet-" + studyId + "\n").contains("#SBATCH --time=0:02:00\n")
                .contains("#SBATCH --partition=debug\n").contains("#SBATCH --ntasks-per-node=2\n");
        assertThat(SYSTEM.scheduler().study(studyId).path("state").asText()).isEqualTo("DRY_RUN");
        assertThat(slurm.run("squeue", "-h", "-n", "runfleet-" + studyId, "-o", "%i")).as("nothing submitted")
                .isBlank();
    }

    @Test
    @Order(2)
    void aCancelledAllocationIsListedThenExplainedWithItsEndStateAndARunShowsItsAttempts() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("cancelled", 2,
                "{slurm: {partition: debug, walltime: 3m, agentsPerNode: 2, cpusPerAgent: 1, maxAllocations: 1,"
                        + " idleTimeout: 20s}}"));
        STUDIES.add(studyId);
        JsonNode running = await("a run RUNNING on an agent of an allocation").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> SYSTEM.scheduler().runs(studyId, 2).stream()
                        .filter(run -> run.path("state").asText().equals("RUNNING")).findFirst().orElse(null),
                        run -> run != null);
        String agent = running.path("agentId").asText();
        String job = agent.substring(studyId.length() + 1, agent.lastIndexOf('-'));
        slurm.remember(job);

        String list = cli("alloc", "list", "--study", studyId).output();
        // the ID column is right-aligned: a job id shorter than its header has more spaces before it
        String row = list.lines().filter(line -> line.matches(Pattern.quote(studyId) + " +" + job + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no row of allocation " + job + " in:\n" + list));
        assertThat(row.split("\\s{2,}")).as(list).startsWith(studyId, job, "study-" + studyId, "RUNNING", "1");
        assertThat(row).as("its deadline, the walltime's end").containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        assertThat(Integer.parseInt(row.split("\\s{2,}")[5])).as("agents registered in %s", row).isBetween(1, 2);
        String runBefore = cli("explain", studyId + "/" + running.path("seq").asText()).output();
        assertThat(runBefore).contains("RUNNING, attempt 1").contains("attempt 1: running on agent " + agent);

        slurm.run("scancel", job);

        AtomicReference<String> explained = new AtomicReference<>();
        await("alloc explain naming allocation " + job + " CANCELLED").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    explained.set(cli("alloc", "explain", "--study", studyId).output());
                    // The end state, not the COMPLETING the job passes through as it leaves the queue.
                    assertThat(explained.get()).contains("    " + job + " CANCELLED at ");
                });
        assertThat(slurm.jobState(job)).as("Slurm's end state of the scancelled allocation").isEqualTo("CANCELLED");
        assertThat(explained.get()).startsWith("study " + studyId + " (pool study-" + studyId + ", ACTIVE): ")
                .contains("ended allocations (latest last):");
        await("the run's attempt on the cancelled allocation ended").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> !cli("explain", studyId + "/" + running.path("id").asText()).output()
                        .contains("attempt 1: running"));
        String runAfter = cli("explain", studyId + "/" + running.path("id").asText()).output();
        assertThat(runAfter).as(runAfter).contains("run " + running.path("id").asText()).contains("attempts:")
                .containsPattern("attempt \\d+: (failed|lost|requeued|waiting|running|succeeded)");
        String whole = cli("explain", studyId).output();
        assertThat(whole).as(whole).startsWith("study " + studyId + " ACTIVE: ");
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
    }

    @Test
    @Order(3)
    void aRefusedSubmissionIsExplainedWithSbatchsErrorLineAndTheBackOff() {
        String studyId = SYSTEM.scheduler().submitValidYaml(study("refused", 2,
                "{slurm: {walltime: 2m, submitArgs: [--partition=nope]}}"));
        STUDIES.add(studyId);

        AtomicReference<String> explained = new AtomicReference<>();
        await("alloc explain showing sbatch's error").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    explained.set(cli("alloc", "explain", "--study", studyId).output());
                    assertThat(explained.get()).contains("sbatch: error: invalid partition specified: nope");
                });
        assertThat(explained.get()).as(explained.get()).containsPattern("backing off|paused");
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel").expect(200);
    }

    /** Ends the studies, so that the scheduler submits nothing more, then cancels what is left of their allocations. */
    @AfterAll
    static void cancelEverything() {
        for (String studyId : STUDIES) {
            SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel");
        }
        if (slurm == null) {
            return;
        }
        for (String studyId : STUDIES) {
            slurm.run("squeue", "-h", "-n", "runfleet-" + studyId, "-o", "%i").lines().map(String::strip)
                    .filter(id -> !id.isEmpty()).forEach(slurm::remember);
        }
        slurm.cancelAll();
    }

    /** The CLI jar against the system's scheduler, with the services' tokens file; output and error together. */
    private static HostCommand.Result cli(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar",
                ItPaths.root().resolve("cli/target/runfleet-cli.jar").toString(),
                "--scheduler", SYSTEM.scheduler().rest().baseUrl(),
                "--token-file", SYSTEM.dataDir().resolve("security").resolve("rest-tokens").toString()));
        command.addAll(List.of(args));
        return HostCommand.attempt(command, Map.of(), Duration.ofSeconds(60));
    }

    private static String study(String name, int runs, String launch) {
        StringBuilder grid = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            grid.append(i == 0 ? "" : ", ").append(i);
        }
        return """
                name: it-alloc-%s
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, 'sleep 20; printf "{\\"i\\": %%d}" {{ i }} > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {retries: 2, crashLimit: 5}
                launch: %s
                """.formatted(name, grid, launch);
    }
}
