package io.runfleet.scheduler.api;

import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import java.time.Instant;
import java.util.List;

/**
 * One study's Slurm allocations as {@code GET /allocations} answers them: the live ones with their pool, end time
 * and registered agents, why there is none (or not more), and those that ended.
 *
 * @param pool         the pool the study's agents belong to: the named pool of the scheduler's configuration, else
 *                     {@code study-<id>}
 * @param explanation  one line: what the allocation manager does about the study now, and why
 * @param lastError    the last sbatch error line, or a failed allocation's state with the tail of its output
 * @param ended        allocations that left the queue, the latest last, with their end state and what it meant
 */
public record StudyAllocationsView(String studyId, String studyState, String pool, List<Allocation> allocations,
                                   String explanation, boolean paused, Instant backoffUntil,
                                   int consecutiveFailures, String lastError, int runsWaiting,
                                   int runsThatNeverFit, int slotsWanted, int slotsSupplied,
                                   List<SlurmLaunchStatus.EndedAllocation> ended) {

    /**
     * A live allocation.
     *
     * @param agentsRegistered agents of this allocation ({@code <study>-<job id>-<rank>}) the scheduler has heard of:
     *                         those that took a run, since agents report only about runs
     * @param startTime        when it started; null while pending or unknown
     * @param endTime          its walltime's end (the deadline): expected while pending, if Slurm knows; null if not
     * @param reason           one line: what the allocation does now
     */
    public record Allocation(String jobId, String state, int nodes, int agentsRegistered, Instant startTime,
                             Instant endTime, String reason) {
    }
}
