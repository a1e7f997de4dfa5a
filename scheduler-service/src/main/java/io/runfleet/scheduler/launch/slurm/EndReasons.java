package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.persistence.HandedBackAttempts;

/**
 * The one-line reason of an allocation that left the queue (docs/deploy-slurm.md, "Preemption and accounting"): what
 * its end state means for the study, and how many runs its agents handed back without using a retry.
 */
final class EndReasons {

    private EndReasons() {
    }

    /** The reason of an allocation that did not fail: none of these counts against the pool or pauses it. */
    static String endedWell(String state) {
        return switch (state) {
            case "CANCELLED" -> "cancelled (scancel or preemption), not counted as a failure";
            case "PREEMPTED" -> "preempted, not counted as a failure (preemption never pauses the pool)";
            case "COMPLETED" -> "completed: its agents stopped at their deadline or when idle";
            case "TIMEOUT" -> "reached its walltime, not counted as a failure";
            default -> "ended " + state + ", not counted as a failure";
        };
    }

    /** {@code "4 runs requeued as preempted, no retry used"}, with the drained ones too when there are any. */
    static String requeued(HandedBackAttempts.Counts counts) {
        if (counts.total() == 0) {
            return "no run handed back";
        }
        StringBuilder text = new StringBuilder();
        if (counts.preempted() > 0) {
            text.append(runs(counts.preempted())).append(" requeued as preempted");
        }
        if (counts.drained() > 0) {
            text.append(counts.preempted() > 0 ? ", " : "").append(runs(counts.drained()))
                    .append(" handed back as drained");
        }
        return text.append(", no retry used").toString();
    }

    private static String runs(int count) {
        return count == 1 ? "1 run" : count + " runs";
    }
}
