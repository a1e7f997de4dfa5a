package io.runfleet.scheduler.launch.slurm;

import java.time.Instant;
import java.util.List;

/**
 * A pool's Slurm allocations as {@code GET /studies/{id}} shows them in {@code launch.slurm} for each study of the
 * pool, and {@code GET /pools/{name}} for the pool.
 *
 * @param allocations         the study's allocations squeue shows now
 * @param submitted           allocations this scheduler process submitted for the study
 * @param runsWaiting         unfinished runs whose timeout fits an allocation (the demand)
 * @param slotsWanted         run slots the demand asks for
 * @param slotsSupplied       run slots of the live allocations (running or pending)
 * @param runsThatNeverFit    unfinished runs whose timeout exceeds walltime less drainMargin: no allocation is
 *                            submitted for them
 * @param consecutiveFailures sbatch failures since the last success
 * @param backoffUntil        no sbatch before this instant; null when not backing off
 * @param paused              whether submitting is paused (after {@code runfleet.launch.slurm.max-submit-failures}
 *                            failures in a row) until {@code POST /studies/{id}/launch/resume}
 * @param lastError           the last sbatch or squeue error line; null if none
 * @param explanation         one line: what the manager does about the study now, and why
 * @param ended               the study's allocations that left the queue while this scheduler watched, the latest
 *                            last (at most {@link #ENDED_KEPT})
 * @param pool                the pool: a named pool of the scheduler's configuration, or {@code study-<id>} for a
 *                            study's own launch.slurm
 * @param queueSystem         the queue system preset the allocations go to; for {@code system: auto} what was chosen
 *                            and why, e.g. {@code slurm (auto: 'sbatch --version' answered)}
 */
public record SlurmLaunchStatus(List<Allocation> allocations, int submitted, int runsWaiting, int slotsWanted,
                                int slotsSupplied, int runsThatNeverFit, int consecutiveFailures,
                                Instant backoffUntil, boolean paused, String lastError, String explanation,
                                List<EndedAllocation> ended, String pool, String queueSystem) {

    /** Ended allocations a study's status keeps. */
    public static final int ENDED_KEPT = 20;

    /** One allocation: its Slurm job id, state and nodes. */
    public record Allocation(String jobId, String state, int nodes) {
    }

    /**
     * An allocation that left the queue.
     *
     * @param jobId         its job id
     * @param state         its end state as the queue system last showed it (COMPLETED, CANCELLED, PREEMPTED,
     *                      TIMEOUT, FAILED, ...), or {@code UNKNOWN} when the id was no longer known
     * @param endedAt       when the scheduler saw it gone
     * @param reason        one line: what its end means for the study (counted failed, runs requeued, ...)
     * @param runsRequeued  attempts its agents (ids {@code <study>-<job id>-<rank>}) handed back as preempted (killed
     *                      by scancel, preemption or the walltime) or drained (refused before their deadline): all
     *                      requeued, no retry used
     */
    public record EndedAllocation(String jobId, String state, Instant endedAt, String reason, int runsRequeued) {
    }
}
