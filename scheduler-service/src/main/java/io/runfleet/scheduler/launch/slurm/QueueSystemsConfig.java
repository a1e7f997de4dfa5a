package io.runfleet.scheduler.launch.slurm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queue systems of studies with {@code launch: {slurm: ...}} or {@code launch: {pbs: ...}}, under
 * {@code runfleet.launch.queue-systems.*} (docs/deploy-slurm.md, "PBS and other queue systems"): custom presets,
 * each based on a built-in one ({@code slurm}, {@code pbs}, {@code pbspro}) and overriding what differs.
 */
@ConfigMapping(prefix = "runfleet.launch.queue-systems")
public interface QueueSystemsConfig {

    /** The custom presets by name, e.g. {@code runfleet.launch.queue-systems.mypbs.based-on=pbs}. */
    @WithParentName
    Map<String, Preset> presets();

    /** One custom preset; what it leaves out comes from {@link #basedOn()}. */
    interface Preset {

        /** The built-in preset it starts from: slurm, pbs or pbspro. */
        @WithDefault("slurm")
        String basedOn();

        /** The start of each option line of the batch script, e.g. {@code "#PBS "}. */
        Optional<String> directivePrefix();

        /** Option lines with placeholders: jobName, comment, partition, account, qos, walltime, nodes, ... */
        Optional<List<String>> directives();

        /** The submit command with {@code {script}} and {@code {output}}; its last output line is the job id. */
        Optional<List<String>> submit();

        /** The command that lists every job. */
        Optional<List<String>> status();

        /** How {@link #status()} answers: squeue-json, pbs-json or qstat-full. */
        Optional<QueuePreset.StatusFormat> statusFormat();

        /** The cancel command with {@code {id}}. */
        Optional<List<String>> cancel();

        /** The signal command with {@code {id}} and {@code {signal}}. */
        Optional<List<String>> signal();

        /** State names as {@code NATIVE=runfleet}, runfleet one of pending, running, ended, completed, failed, ... */
        Optional<List<String>> states();

        /** slurm ({@code [d-]h:mm:ss}) or hours ({@code hh:mm:ss}). */
        Optional<QueuePreset.WalltimeFormat> walltimeFormat();

        /** srun or pbsdsh. */
        Optional<QueuePreset.AgentStart> agents();

        /** comment or job-name. */
        Optional<QueuePreset.AdoptBy> adoptBy();

        /** The output file of a job in the study's launch directory, {@code {id}} its id. */
        Optional<String> outputFile();

        /** The environment variable set inside an allocation (auto detection). */
        Optional<String> allocationVariable();

        /** A command that succeeds where the system's commands are installed (auto detection). */
        Optional<List<String>> probe();
    }
}
