package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue system of each study's allocations, by its launch section's {@code system}: the built-in Slurm through
 * {@link SlurmCommands}, any other preset through its own commands. Remembers which system each job it saw belongs
 * to, so that a job is cancelled, and its output found, where it was submitted.
 */
@ApplicationScoped
public class QueueSystems {

    private final QueuePresets presets;
    private final SlurmCommands commands;
    private final LaunchPaths paths;
    private final Map<String, QueueSystem> systems = new ConcurrentHashMap<>();
    private final Map<String, QueueSystem> jobs = new ConcurrentHashMap<>();

    public QueueSystems(QueuePresets presets, SlurmCommands commands, LaunchPaths paths) {
        this.presets = presets;
        this.commands = commands;
        this.paths = paths;
    }

    QueueSystem of(Launch.Slurm spec) throws LaunchException {
        QueuePreset preset = presets.of(spec);
        return systems.computeIfAbsent(preset.name(), name -> preset == QueuePreset.SLURM ? new SlurmQueue(commands)
                : new PresetQueue(preset, commands, paths.schedulerId()));
    }

    /** The system in use for a study, in one line ({@code auto}: what was chosen and why). */
    String describe(Launch.Slurm spec) {
        return presets.describe(spec);
    }

    /**
     * The jobs of every system the given studies use or this scheduler used before (whose allocations may still
     * run). Where two systems show one job (Slurm's Torque wrappers over Slurm), the view that recognises it as
     * this scheduler's wins.
     */
    List<SlurmJob> jobs(Collection<Launch.Slurm> specs) throws LaunchException {
        for (Launch.Slurm spec : specs) {
            try {
                of(spec);
            } catch (LaunchException e) {
                // That study's submit says why; the others' allocations are still watched.
            }
        }
        Map<String, SlurmJob> byId = new LinkedHashMap<>();
        for (QueueSystem system : List.copyOf(systems.values())) {
            for (SlurmJob job : system.jobs()) {
                SlurmJob seen = byId.get(job.id());
                if (seen == null || (seen.comment().isEmpty() && !job.comment().isEmpty())) {
                    byId.put(job.id(), job);
                    jobs.put(job.id(), system);
                }
            }
        }
        return List.copyOf(byId.values());
    }

    String submit(Launch.Slurm spec, Path script) throws LaunchException {
        QueueSystem system = of(spec);
        String id = system.submit(script);
        jobs.put(id, system);
        return id;
    }

    void cancel(String jobId) throws LaunchException {
        jobs.getOrDefault(jobId, systems.computeIfAbsent(QueuePreset.SLURM.name(), name -> new SlurmQueue(commands)))
                .cancel(jobId);
    }

    /** The file a job's output went to, in the study's launch directory. */
    String outputFile(String jobId) {
        QueueSystem system = jobs.get(jobId);
        return (system == null ? QueuePreset.SLURM : system.preset()).outputFile().replace("{id}", jobId);
    }
}
