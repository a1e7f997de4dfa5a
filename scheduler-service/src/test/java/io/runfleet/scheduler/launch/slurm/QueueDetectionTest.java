package io.runfleet.scheduler.launch.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code system: auto}: the allocation's environment first, then the probes in order, and the reason said. */
class QueueDetectionTest {

    private static final List<QueuePreset> PRESETS = List.of(QueuePreset.SLURM, QueuePreset.PBS, QueuePreset.PBSPRO);

    @Test
    void insideAPbsAllocationItsEnvironmentDecidesWithoutProbing() {
        List<List<String>> probed = new ArrayList<>();
        QueueDetection.Detected detected = QueueDetection.detect(PRESETS, Map.of("PBS_JOBID", "4101.pbs-head"),
                command -> probed.add(command));
        assertThat(detected.preset()).isEqualTo(QueuePreset.PBS);
        assertThat(detected.describe()).isEqualTo("pbs (auto: PBS_JOBID=4101.pbs-head is set: the scheduler runs"
                + " inside an allocation)");
        assertThat(probed).isEmpty();
    }

    @Test
    void insideASlurmAllocationSlurmWins() {
        QueueDetection.Detected detected = QueueDetection.detect(PRESETS, Map.of("SLURM_JOB_ID", "17"),
                command -> true);
        assertThat(detected.preset()).isEqualTo(QueuePreset.SLURM);
        assertThat(detected.why()).contains("SLURM_JOB_ID=17");
    }

    @Test
    void outsideAnAllocationSlurmIsProbedBeforePbs() {
        List<List<String>> probed = new ArrayList<>();
        QueueDetection.Detected detected = QueueDetection.detect(PRESETS, Map.of("SLURM_JOB_ID", " "), command -> {
            probed.add(command);
            return command.get(0).equals("qstat");
        });
        assertThat(detected.preset()).isEqualTo(QueuePreset.PBS);
        assertThat(detected.why()).isEqualTo("'qstat --version' answered");
        assertThat(probed).containsExactly(List.of("sbatch", "--version"), List.of("qstat", "--version"));
    }

    @Test
    void nothingAnsweringFallsBackToSlurmAndSaysSo() {
        QueueDetection.Detected detected = QueueDetection.detect(PRESETS, Map.of(), command -> false);
        assertThat(detected.preset()).isEqualTo(QueuePreset.SLURM);
        assertThat(detected.why()).contains("no probe answered (sbatch --version, qstat --version)");
    }
}
