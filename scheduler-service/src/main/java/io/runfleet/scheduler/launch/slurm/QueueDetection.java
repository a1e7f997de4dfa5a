package io.runfleet.scheduler.launch.slurm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code system: auto}: the queue system of the scheduler's machine. Inside an allocation its environment says it
 * (SLURM_JOB_ID, PBS_JOBID: the first preset in order whose variable is set); else the first preset whose probe
 * command succeeds (sbatch --version, then qstat --version); else Slurm, with the reason that nothing answered.
 */
final class QueueDetection {

    /** What was chosen and why, in one line for the log and the study's launch status. */
    record Detected(QueuePreset preset, String why) {

        String describe() {
            return preset.name() + " (auto: " + why + ")";
        }
    }

    private QueueDetection() {
    }

    /**
     * @param presets in the order they are tried (slurm before pbs)
     * @param env     the scheduler's environment
     * @param probe   runs a command, true when it exits 0
     */
    static Detected detect(List<QueuePreset> presets, Map<String, String> env, Predicate<List<String>> probe) {
        for (QueuePreset preset : presets) {
            String value = env.get(preset.allocationVariable());
            if (value != null && !value.isBlank()) {
                return new Detected(preset, preset.allocationVariable() + "=" + value
                        + " is set: the scheduler runs inside an allocation");
            }
        }
        Optional<QueuePreset> answered = presets.stream().filter(preset -> !preset.probe().isEmpty())
                .filter(preset -> probe.test(preset.probe())).findFirst();
        return answered.map(preset -> new Detected(preset, "'" + String.join(" ", preset.probe()) + "' answered"))
                .orElseGet(() -> new Detected(presets.get(0), "no allocation variable set and no probe answered ("
                        + String.join(", ", presets.stream().filter(preset -> !preset.probe().isEmpty())
                        .map(preset -> String.join(" ", preset.probe())).distinct().toList())
                        + "); install the queue system's client commands or name the system"));
    }
}
