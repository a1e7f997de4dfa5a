package io.runfleet.scheduler.launch.slurm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The allocation manager of studies with {@code launch: {slurm: ...}}, under {@code runfleet.launch.slurm.*}. */
@ConfigMapping(prefix = "runfleet.launch.slurm")
public interface SlurmConfig {

    /**
     * How often squeue is asked for the study's allocations; keep it well inside the cluster's MinJobAge (300 s by
     * default), so that no allocation ends unseen.
     */
    @WithDefault("3s")
    Duration pollInterval();

    /** Failed sbatch calls in a row after which a study's pool is paused until resumed. */
    @WithDefault("3")
    int maxSubmitFailures();

    /** The wait after the first failed sbatch; it doubles with each further failure, up to {@link #maxBackoff}. */
    @WithDefault("5s")
    Duration backoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** The longest a Slurm command (sbatch, squeue, scancel) may take before it counts as failed. */
    @WithDefault("30s")
    Duration commandTimeout();

    /** The directory of the Slurm commands; default: found on the PATH. */
    Optional<Path> binDir();

    /** The Java the agents run on in the allocations; default: the scheduler's own (a shared file system). */
    Optional<String> java();
}
