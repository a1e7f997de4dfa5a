package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.study.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch script of a PBS allocation: its options as #PBS lines, its agents without srun, valid shell. */
class PbsBatchScriptTest {

    private static final Launch.Slurm SPEC = new Launch.Slurm(Optional.of("workq"), Optional.of("proj1"),
            Optional.of("high"), Duration.ofHours(26), 2, 2, 4, 2, 3, 1, Duration.ofSeconds(30), Duration.ofMinutes(2),
            List.of("module load gcc/12"), List.of("-l mem=8gb"));

    @Test
    void optionsAreWrittenAsPbsDirectives() {
        String text = script(1).text();
        assertThat(text.lines().filter(line -> line.startsWith("#PBS ") || line.startsWith("#SBATCH"))).containsExactly(
                "#PBS -N runfleet.sched-a.s1", "#PBS -q workq", "#PBS -A proj1", "#PBS -l walltime=26:00:00",
                "#PBS -l nodes=1:ppn=8", "#PBS -j oe", "#PBS -o /data/launch/slurm/s1/pbs-batch.out",
                "#PBS -l mem=8gb");
        assertThat(text).as("qos has no PBS option: left out").doesNotContain("high");
        assertThat(text).doesNotContain("srun").doesNotContain("pbsdsh").contains("module load gcc/12\n")
                .contains("drain_at=$(( $(date +%s) + 93480 ))\n");
    }

    @Test
    void severalNodesStartTheirAgentsByPbsdsh() {
        assertThat(script(2).text()).contains("pbsdsh -u /usr/bin/env RF_PBS_JOB=\"$job\" RF_PBS_PER_NODE=2");
    }

    @Test
    void theScriptIsValidShell(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("allocation.sh");
        Files.writeString(file, script(2).text());
        Process check = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor()).as("bash -n: %s", output).isZero();
    }

    private static BatchScript script(int nodes) {
        return new BatchScript(AllocationPool.ofStudy("s1"), "sched-a", SPEC, nodes, "/opt/java/bin/java", List.of("-Xmx256m"),
                Path.of("/opt/runfleet/worker-agent/quarkus-run.jar"), Map.of("runfleet.agent.pool", "study-s1"),
                Path.of("/data/launch/slurm/s1"), Path.of("/data/work"), QueuePreset.PBS);
    }
}
