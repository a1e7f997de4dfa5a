package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study with {@code launch: {pbs: ...}} through the PBS preset: qsub, qstat -f and qdel as Debian's Torque
 * wrappers (slurm-wlm-torque) give them over the real single-node Slurm of deploy/slurm/start-slurm.sh, with no
 * agent connected: the scheduler submits #PBS scripts whose agents run the study, and nothing of it is left queued.
 */
@SideLane
class PbsLaunchIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SlurmStudies.launchingScheduler();

    private static final Duration ALLOCATIONS_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> STUDIES = new ArrayList<>();
    private static SlurmCluster slurm;

    @BeforeAll
    static void slurmIsUp() {
        slurm = SlurmCluster.reachable();
    }

    @Test
    void aPbsStudyRunsToCompletionThroughQsubQstatAndQdel() throws Exception {
        String studyId = submit(study(40, """
                {pbs: {partition: debug, walltime: 2m, drainMargin: 30s, agentsPerNode: 2, cpusPerAgent: 1,
                       maxAllocations: 1, idleTimeout: 5s}}"""));
        Map<String, String> seen = new ConcurrentHashMap<>();
        // read while the study runs: the allocation manager forgets an ended study's status at its next round
        Set<String> queueSystems = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            seen.putAll(qstat(studyId));
            try {
                String system = SYSTEM.scheduler().rest().get("/studies/" + studyId).expect(200).path("launch")
                        .path("slurm").path("queueSystem").asText();
                if (!system.isEmpty()) {
                    queueSystems.add(system);
                }
            } catch (RuntimeException | AssertionError e) {
                // a look that failed is a look missed: the next one comes in 500 ms
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
        JsonNode study;
        try {
            study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(40);
        assertThat(queueSystems).as("launch.slurm.queueSystem of study %s while it ran", studyId)
                .containsExactly("pbs");
        assertThat(SYSTEM.results().rows(studyId)).extracting(row -> row.path("i").asInt())
                .as("every result exactly once")
                .containsExactlyInAnyOrderElementsOf(Stream.iterate(0, i -> i + 1).limit(40).toList());
        assertThat(seen).as("the study's allocations as qstat -f shows them, by their PBS job name").isNotEmpty();
        assertThat(SYSTEM.scheduler().runs(studyId, 40)).extracting(run -> run.path("agentId").asText())
                .as("every run on an agent of one of its PBS jobs")
                .allMatch(agent -> seen.keySet().stream().anyMatch(job -> agent.startsWith(studyId + "-" + job + "-")));
        String script = SYSTEM.scheduler().rest().get("/studies/" + studyId + "/launch/script").expect(200)
                .path("script").asText();
        assertThat(script).as("the script qsub is given").contains("#PBS -l walltime=00:02:00\n")
                .contains("#PBS -l nodes=1:ppn=2\n").contains("#PBS -q debug\n").doesNotContain("#SBATCH")
                .doesNotContain("srun");

        // qstat shows C as soon as the job's base state ends; squeue shows it until it has left COMPLETING.
        await("no job of study " + studyId + " left in qstat or squeue").atMost(ALLOCATIONS_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).until(() -> qstat(studyId).values().stream()
                        .allMatch("C"::equals) && !slurm.run("squeue", "-h", "-o", "%j").contains("." + studyId));
    }

    @Test
    void anUnknownQueueSystemIsRefusedNamingTheFieldAndThePresets() {
        JsonNode refusal = SYSTEM.scheduler().submitYaml(study(1, "{pbs: {walltime: 2m, system: lsf}}")).expect(400);
        assertThat(refusal.path("problems").toString()).as("%s", refusal).contains("launch.pbs.system")
                .contains("slurm, pbs, pbspro, auto");
    }

    /** Ends the studies, then deletes what qstat still shows of their jobs (qdel, by the clean-up of SlurmCluster). */
    @AfterAll
    static void cancelEverything() {
        STUDIES.forEach(studyId -> SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel"));
        if (slurm != null) {
            STUDIES.stream().flatMap(studyId -> qstat(studyId).entrySet().stream())
                    .filter(job -> !job.getValue().equals("C")).forEach(job -> slurm.remember(job.getKey()));
            slurm.cancelAll();
        }
    }

    private static String submit(String yaml) {
        STUDIES.add(SYSTEM.scheduler().submitValidYaml(yaml));
        return STUDIES.get(STUDIES.size() - 1);
    }

    /**
     * The study's jobs as {@code qstat -f} shows them, job id to PBS state: those named
     * {@code runfleet.<scheduler>.<study>}. The wrapper exits 153, printing nothing, when no job is known.
     */
    private static Map<String, String> qstat(String studyId) {
        Map<String, String> jobs = new ConcurrentHashMap<>();
        String id = null;
        String name = null;
        for (String line : slurm.attempt("qstat", "-f").output().lines().toList()) {
            if (line.startsWith("Job Id:")) {
                id = line.substring("Job Id:".length()).strip();
                name = null;
            } else if (line.strip().startsWith("Job_Name = ")) {
                name = line.strip().substring("Job_Name = ".length());
            } else if (line.strip().startsWith("job_state = ") && id != null && name != null
                    && name.startsWith("runfleet.") && name.endsWith("." + studyId)) {
                jobs.put(id, line.strip().substring("job_state = ".length()));
            }
        }
        return jobs;
    }

    /** Runs {@code i = 0 .. runs-1}, each writing {@code {"i": i}} after 0.2 s, with the given launch section. */
    private static String study(int runs, String launch) {
        String values = Stream.iterate(0, i -> i + 1).limit(runs).map(String::valueOf).collect(Collectors.joining(","));
        return "name: it-pbs\nparameters: {grid: {i: [" + values + "]}}\n"
                + "template: {command: [sh, -c, 'sleep 0.2; printf \"{\\\"i\\\": %d}\" {{ i }} > result.json'],"
                + " timeout: 10s}\n"
                + "outputs: [{json: result.json}]\npolicy: {retries: 0, crashLimit: 5}\nlaunch: "
                + launch.replace("\n", " ") + "\n";
    }
}
