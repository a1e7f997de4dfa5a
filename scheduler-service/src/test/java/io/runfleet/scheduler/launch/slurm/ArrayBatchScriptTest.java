package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch script of a job array in {@code mode: array}: one agent per task, taking one run. */
class ArrayBatchScriptTest {

    private static final Launch.Slurm SPEC = new Launch.Slurm(Optional.of("debug"), Optional.empty(), Optional.empty(),
            Duration.ofMinutes(10), 1, 2, 4, 2, 3, 1, Duration.ofSeconds(20), Duration.ofMinutes(1),
            List.of("module load gcc/12"), List.of("--constraint=haswell"), "slurm", Launch.Slurm.Mode.ARRAY, 5,
            Optional.empty(), Optional.empty());
    private static final SlurmScripts.AgentStart START = new SlurmScripts.AgentStart("/opt/java/bin/java",
            Path.of("/opt/runfleet/worker-agent/quarkus-run.jar"), Map.of("runfleet.agent.pool", "study-s1"),
            Path.of("/data/launch/slurm/s1"), Path.of("/data/work"));

    @Test
    void oneTaskPerRunThrottledWithTheNamesOfAnAllocation() {
        String text = new ArrayBatchScript(AllocationPool.ofStudy("s1"), "sched-a", SPEC, START, List.of("-Xmx256m"), 40,
                5).text();

        assertThat(text.lines()).contains("#SBATCH --array=0-39%5", "#SBATCH --job-name=runfleet-s1",
                "#SBATCH --comment=runfleet:sched-a:s1:study-s1", "#SBATCH --partition=debug",
                "#SBATCH --time=0:10:00", "#SBATCH --nodes=1", "#SBATCH --ntasks=1", "#SBATCH --cpus-per-task=4",
                "#SBATCH --output=/data/launch/slurm/s1/slurm-%j.out", "#SBATCH --constraint=haswell",
                "module load gcc/12", "export OMP_NUM_THREADS=2", "exec '/opt/java/bin/java' '-Xmx256m' \\",
                "  '-Drunfleet.agent.pool=study-s1' \\", "  '-Drunfleet.agent.max-runs=1' \\",
                "  \"-Drunfleet.agent.id=$RF_SLURM_AGENT-$SLURM_ARRAY_JOB_ID-$SLURM_ARRAY_TASK_ID\" \\",
                "  -jar '/opt/runfleet/worker-agent/quarkus-run.jar'");
        assertThat(text).as("no srun and no drain: each task's agent ends after its one run")
                .doesNotContain("srun").doesNotContain("--signal");
        assertThat(text.indexOf("module load")).as("setup before the agent").isLessThan(text.indexOf("exec "));
    }

    @Test
    void anArrayWithoutTasksIsRefused() {
        assertThatThrownBy(() -> new ArrayBatchScript(AllocationPool.ofStudy("s1"), "sched-a", SPEC, START, List.of(), 0, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theThrottleIsArrayThrottleElseWhatAgentsModeWouldRun() {
        assertThat(ArrayAllocations.throttle(SPEC)).isEqualTo(5);
        Launch.Slurm unthrottled = new Launch.Slurm(SPEC.partition(), SPEC.account(), SPEC.qos(), SPEC.walltime(), 2,
                2, 4, 2, 3, 1, SPEC.idleTimeout(), SPEC.drainMargin(), SPEC.setup(), SPEC.submitArgs(), "slurm",
                Launch.Slurm.Mode.ARRAY, 0, Optional.empty(), Optional.empty());
        assertThat(ArrayAllocations.throttle(unthrottled)).as("3 allocations x 2 nodes x 2 agents").isEqualTo(12);
    }
}
