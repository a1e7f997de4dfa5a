package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A queue system run by its preset's commands (pbs, pbspro and custom presets): the submit command's last output
 * line is the job id; the status is read by the preset's format and state names; jobs recognised by their job name
 * (PBS has no comment a user sets) get the comment {@link AllocationNames} reads, so that the allocation manager
 * treats them as it treats Slurm's.
 */
final class PresetQueue implements QueueSystem {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\[\\]-]*");
    private static final String NAME_PREFIX = "runfleet.";

    private final QueuePreset preset;
    private final SlurmCommands commands;
    private final String schedulerId;

    PresetQueue(QueuePreset preset, SlurmCommands commands, String schedulerId) {
        this.preset = preset;
        this.commands = commands;
        this.schedulerId = schedulerId;
    }

    @Override
    public QueuePreset preset() {
        return preset;
    }

    /**
     * The job name of an allocation for presets that recognise their jobs by name: {@code runfleet.<scheduler>.<study>}
     * for a study's own pool, {@code runfleet.<scheduler>..<pool>} for a named pool (as the comment leaves the study
     * out).
     */
    static String jobName(String schedulerId, AllocationPool pool) {
        return NAME_PREFIX + schedulerId + "." + pool.studyId().orElse("." + pool.name());
    }

    @Override
    public String submit(Path script) throws LaunchException {
        SlurmCommands.Result result = commands.run(QueuePreset.command(preset.submit(), Map.of("script",
                script.toString(), "output", preset.outputPath(script.getParent()).toString())));
        List<String> lines = result.output().lines().filter(line -> !line.isBlank()).toList();
        String id = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        if (result.exitCode() != 0 || !JOB_ID.matcher(id).matches()) {
            throw new LaunchException(preset.submit().get(0) + ": " + SlurmCommands.errorLine(result));
        }
        return id;
    }

    @Override
    public List<SlurmJob> jobs() throws LaunchException {
        SlurmCommands.Result result = commands.run(preset.status());
        String command = String.join(" ", preset.status());
        if (result.exitCode() != 0) {
            // Torque's qstat and Slurm's wrapper exit non-zero, saying nothing, when no job is queued.
            if (result.output().isBlank() && result.error().isBlank()) {
                return List.of();
            }
            throw new LaunchException(command + " failed: " + SlurmCommands.errorLine(result));
        }
        try {
            return switch (preset.statusFormat()) {
                case SQUEUE_JSON -> SqueueJson.parse(result.output()).stream().map(job -> new SlurmJob(job.id(),
                        job.name(), preset.runfleetState(job.state(), Optional.empty()), job.comment(), job.nodes(),
                        job.startTime(), job.endTime())).toList();
                case PBS_JSON -> PbsJson.parse(result.output()).stream().map(this::slurmJob).toList();
                case QSTAT_FULL -> QstatFull.parse(result.output()).stream().map(this::slurmJob).toList();
            };
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot read " + command + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(String jobId) throws LaunchException {
        SlurmCommands.Result result = commands.run(QueuePreset.command(preset.cancel(), Map.of("id", jobId)));
        if (result.exitCode() != 0) {
            throw new LaunchException(preset.cancel().get(0) + " " + jobId + " failed: "
                    + SlurmCommands.errorLine(result));
        }
    }

    /** The job as the allocation manager reads it: Runfleet's state, and the comment its job name stands for. */
    SlurmJob slurmJob(QueueJob job) {
        return new SlurmJob(job.id(), job.name(), preset.runfleetState(job.state(), job.exitStatus()),
                commentOf(job.name()), job.nodes(), 0, 0);
    }

    private String commentOf(String name) {
        String mine = NAME_PREFIX + schedulerId + ".";
        if (preset.adoptBy() != QueuePreset.AdoptBy.JOB_NAME || !name.startsWith(mine)
                || name.length() == mine.length()) {
            return "";
        }
        String rest = name.substring(mine.length());
        return AllocationNames.comment(schedulerId, rest.startsWith(".") ? AllocationPool.named(rest.substring(1))
                : AllocationPool.ofStudy(rest));
    }
}
