package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The single-node Slurm of deploy/slurm/start-slurm.sh works the way Runfleet's Slurm launcher will use
 * it: batch scripts that start tasks with srun, the queue read back (columns and JSON), scancel, the
 * state of an ended job, {@code sbatch --test-only} as a validator, preemption by the urgent partition,
 * and the Torque-compatible wrappers. Fails, naming the start script, when Slurm is not reachable.
 */
@SideLane
class SlurmClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SlurmCluster slurm;
    private static Path work;

    @BeforeAll
    static void reachSlurm() {
        slurm = SlurmCluster.reachable();
        work = ItPaths.workDir(SlurmClusterIT.class);
    }

    @AfterAll
    static void cancelOurJobs() {
        if (slurm != null) {
            slurm.cancelAll();
        }
    }

    @Test
    void aBatchScriptStartsTwoTasksWithSrunAndEndsCompleted() throws IOException {
        Path out = work.resolve("tasks.txt");
        // 22.05's srun does not inherit --cpus-per-task from sbatch: a launcher must repeat it.
        Path script = script("tasks.sh", "#!/bin/bash",
                "srun --ntasks=2 --cpus-per-task=1 bash -c 'echo \"task $SLURM_PROCID of $SLURM_NTASKS\" >> " + out + "'");
        String job = slurm.sbatch("--ntasks=2", "--cpus-per-task=1", "-o", work.resolve("tasks.out").toString(),
                script.toString());

        slurm.awaitEnded(job);

        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("task 0 of 2", "task 1 of 2");
        assertThat(slurm.jobState(job)).isEqualTo("COMPLETED");
        assertThat(slurm.exitCode(job)).isEqualTo("0:0");
    }

    @Test
    void aFailedJobKeepsItsStateAndExitCodeAfterItEnds() {
        String job = slurm.sbatch("-o", "/dev/null", "--wrap", "exit 3");

        slurm.awaitEnded(job);

        assertThat(slurm.jobState(job)).isEqualTo("FAILED");
        assertThat(slurm.exitCode(job)).isEqualTo("3:0");
    }

    @Test
    void squeueShowsARunningJobInColumnsAndJsonAndScancelEndsIt() throws IOException {
        String job = slurm.sbatch("-J", "rf-it-queue", "--comment=runfleet-it", "--time=10", "-o", "/dev/null",
                "--wrap", "sleep 300");
        slurm.awaitRunning(job);

        String row = slurm.run("squeue", "-h", "-j", job, "-o", "%A|%T|%j|%k|%P|%l").strip();
        assertThat(row.split("\\|")).containsExactly(job, "RUNNING", "rf-it-queue", "runfleet-it", "debug", "10:00");

        // 22.05's JSON: job_state is one string, times are epoch seconds, end_time is start plus the limit.
        JsonNode jobs = JSON.readTree(slurm.run("squeue", "--json")).path("jobs");
        JsonNode ours = StreamSupport.stream(jobs.spliterator(), false)
                .filter(j -> j.path("job_id").asText().equals(job)).findFirst()
                .orElseThrow(() -> new AssertionError("job " + job + " not in squeue --json: " + jobs));
        assertThat(ours.path("job_state").asText()).isEqualTo("RUNNING");
        assertThat(ours.path("name").asText()).isEqualTo("rf-it-queue");
        assertThat(ours.path("comment").asText()).isEqualTo("runfleet-it");
        assertThat(ours.path("partition").asText()).isEqualTo("debug");
        assertThat(ours.path("time_limit").asLong()).isEqualTo(10);
        assertThat(ours.path("end_time").asLong() - ours.path("start_time").asLong()).isEqualTo(600);

        slurm.run("scancel", job);
        slurm.awaitEnded(job);

        assertThat(slurm.jobState(job)).isEqualTo("CANCELLED");
    }

    @Test
    void aJobLearnsItsDeadlineFromSqueueInsideItsAllocation() throws IOException {
        // 22.05 sets no SLURM_JOB_END_TIME: the end time is read back from squeue by the job's own id.
        Path out = work.resolve("deadline.txt");
        String job = slurm.sbatch("--time=5", "-o", out.toString(), "--wrap", "squeue -h -j $SLURM_JOB_ID -o %e");

        slurm.awaitEnded(job);

        LocalDateTime started = LocalDateTime.parse(
                slurm.run("scontrol", "-o", "show", "job", job).replaceAll("(?s).*\\bStartTime=(\\S+).*", "$1").strip());
        assertThat(LocalDateTime.parse(Files.readString(out).strip())).isEqualTo(started.plusMinutes(5));
    }

    @Test
    void sbatchTestOnlyAcceptsAValidPartitionAndNamesAnInvalidOne() {
        HostCommand.Result valid = slurm.attempt("sbatch", "--test-only", "-p", "urgent", "--wrap", "true");
        HostCommand.Result invalid = slurm.attempt("sbatch", "--test-only", "-p", "nope", "--wrap", "true");

        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output().strip())
                .matches("sbatch: Job \\d+ to start at \\S+ using 1 processors on nodes \\S+ in partition urgent");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.output().lines()).contains("sbatch: error: invalid partition specified: nope");
    }

    @Test
    void anUrgentJobPreemptsARunningDebugJob() throws IOException {
        Path victimOut = work.resolve("victim.out");
        String victim = slurm.sbatch("-p", "debug", "--ntasks=" + slurm.cpus(), "-o", victimOut.toString(),
                "--wrap", "sleep 300");
        slurm.awaitRunning(victim);

        String urgent = slurm.sbatch("-p", "urgent", "--ntasks=1", "-o", "/dev/null", "--wrap", "true");
        slurm.awaitEnded(victim);
        slurm.awaitEnded(urgent);

        assertThat(slurm.jobState(victim)).isEqualTo("PREEMPTED");
        assertThat(Files.readString(victimOut)).contains("JOB " + victim).contains("CANCELLED").contains("DUE TO PREEMPTION");
        assertThat(slurm.jobState(urgent)).isEqualTo("COMPLETED");
    }

    @Test
    void torqueWrappersSubmitShowAndDeleteAJobOfTheSameSlurm() throws IOException {
        Path script = script("pbs.sh", "#!/bin/bash", "#PBS -N rf-it-pbs", "#PBS -l walltime=00:05:00", "sleep 300");

        String job = slurm.remember(slurm.run("qsub", "-o", work.resolve("pbs.out").toString(), "-e",
                work.resolve("pbs.err").toString(), script.toString()).strip());
        assertThat(job).as("qsub prints the bare Slurm job id").matches("\\d+");
        slurm.awaitRunning(job);

        // Job id, Name, Username, Time Use, S, Queue.
        List<String> row = qstatRow(job);
        assertThat(List.of(row.get(0), row.get(1), row.get(2), row.get(4), row.get(5)))
                .containsExactly(job, "rf-it-pbs", System.getProperty("user.name"), "R", "debug");
        slurm.run("qdel", job);
        slurm.awaitEnded(job);

        assertThat(qstatRow(job)).element(4).isEqualTo("C");
        assertThat(slurm.jobState(job)).isEqualTo("CANCELLED");
    }

    /** The columns of {@code qstat ID}'s one job row (after two heading lines). */
    private static List<String> qstatRow(String job) {
        return slurm.run("qstat", job).lines().filter(line -> line.startsWith(job + " ")).findFirst()
                .map(line -> List.of(line.strip().split("\\s+")))
                .orElseThrow(() -> new AssertionError("qstat " + job + " shows no row for it"));
    }

    private static Path script(String name, String... lines) throws IOException {
        Path script = work.resolve(name);
        Files.write(script, List.of(lines));
        return script;
    }
}
