package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;

/**
 * A pool as {@code /pools} answers it.
 *
 * @param name    the pool's name: a named pool of the scheduler's configuration, or {@code study-<id>}
 * @param refused why the pool was refused at the scheduler's start (sbatch --test-only's error line); null if accepted
 * @param slurm   its allocations, submissions, pause and explanation, as a study's {@code launch.slurm}; null for a
 *                refused pool
 */
public record PoolView(String name, String refused, SlurmLaunchStatus slurm) {
}
