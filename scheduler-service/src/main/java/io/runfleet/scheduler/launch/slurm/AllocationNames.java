package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.study.Launch;
import java.util.Optional;

/**
 * How an allocation says whose it is: job name {@code runfleet-<study>} ({@code runfleet-pool-<name>} for a named
 * pool) for people reading squeue, and comment {@code runfleet:<scheduler>:<study>:<pool>} (the study empty for a
 * named pool), by which a restarted scheduler finds its allocations again instead of submitting more.
 */
final class AllocationNames {

    private static final String PREFIX = "runfleet:";

    private AllocationNames() {
    }

    static String jobName(String studyId) {
        return "runfleet-" + studyId;
    }

    static String comment(String schedulerId, String studyId) {
        return PREFIX + schedulerId + ":" + studyId + ":" + Launch.poolOf(studyId);
    }

    /** {@code runfleet-<study>} for a study's own pool, {@code runfleet-pool-<name>} for a named pool. */
    static String jobName(AllocationPool pool) {
        return pool.studyId().map(AllocationNames::jobName).orElse("runfleet-pool-" + pool.name());
    }

    /** A named pool's allocations have no study: {@code runfleet:<scheduler>::<pool>}. */
    static String comment(String schedulerId, AllocationPool pool) {
        return pool.studyId().map(id -> comment(schedulerId, id)).orElse(PREFIX + schedulerId + "::" + pool.name());
    }

    /** The pool of a job this scheduler submitted; empty for any other job. */
    static Optional<AllocationPool> poolOf(SlurmJob job, String schedulerId) {
        String comment = job.comment();
        String mine = PREFIX + schedulerId + ":";
        if (comment == null || !comment.startsWith(mine)) {
            return Optional.empty();
        }
        String[] rest = comment.substring(mine.length()).split(":", 2);
        if (rest.length != 2 || rest[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rest[0].isEmpty() ? AllocationPool.named(rest[1]) : AllocationPool.ofStudy(rest[0]));
    }

    /** How the ids of a job's agents begin ({@code <study or pool>-<job id>-<task rank>}, set by the batch script). */
    static String agentPrefix(String label, String jobId) {
        return label + "-" + jobId + "-";
    }

    /** The study of a job this scheduler submitted; empty for any other job. */
    static Optional<String> studyOf(SlurmJob job, String schedulerId) {
        String comment = job.comment();
        String mine = PREFIX + schedulerId + ":";
        if (comment == null || !comment.startsWith(mine)) {
            return Optional.empty();
        }
        String[] rest = comment.substring(mine.length()).split(":", 2);
        return rest.length == 2 && !rest[0].isEmpty() ? Optional.of(rest[0]) : Optional.empty();
    }
}
