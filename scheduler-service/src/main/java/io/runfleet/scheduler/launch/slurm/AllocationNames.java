package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.study.Launch;
import java.util.Optional;

/**
 * How an allocation says whose it is: job name {@code runfleet-<study>} for people reading squeue, and comment
 * {@code runfleet:<scheduler>:<study>:<pool>}, by which a restarted scheduler finds its allocations again instead of
 * submitting more.
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

    /** How the ids of a job's agents begin ({@code <study>-<job id>-<task rank>}, set by the batch script). */
    static String agentPrefix(String studyId, String jobId) {
        return studyId + "-" + jobId + "-";
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
