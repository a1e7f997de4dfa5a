package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import java.nio.file.Path;
import java.util.List;

/** The built-in {@code slurm} preset: sbatch, squeue --json and scancel as {@link SlurmCommands} runs them. */
final class SlurmQueue implements QueueSystem {

    private final SlurmCommands commands;

    SlurmQueue(SlurmCommands commands) {
        this.commands = commands;
    }

    @Override
    public QueuePreset preset() {
        return QueuePreset.SLURM;
    }

    @Override
    public String submit(Path script) throws LaunchException {
        return commands.sbatch(script);
    }

    @Override
    public List<SlurmJob> jobs() throws LaunchException {
        return commands.squeue();
    }

    @Override
    public void cancel(String jobId) throws LaunchException {
        commands.scancel(jobId);
    }
}
