package io.runfleet.scheduler.launch.slurm;

import java.util.Set;

/**
 * One job as squeue shows it.
 *
 * @param state     Slurm's state name: PENDING, RUNNING, COMPLETING, CANCELLED...
 * @param nodes     nodes allocated or asked for
 * @param startTime epoch seconds; 0 while unknown
 * @param endTime   epoch seconds of the walltime's end (expected while running); 0 while unknown
 */
public record SlurmJob(String id, String name, String state, String comment, int nodes, long startTime,
                       long endTime) {

    /** States in which the job holds or waits for nodes: it counts against the study's limits. */
    private static final Set<String> LIVE = Set.of("PENDING", "CONFIGURING", "RUNNING", "REQUEUED", "RESIZING",
            "SUSPENDED", "REQUEUE_HOLD", "REQUEUE_FED");

    public boolean live() {
        return LIVE.contains(state);
    }

    /** Ended, its processes still being cleaned up: its end state is not known yet. */
    public boolean completing() {
        return "COMPLETING".equals(state);
    }

    public boolean pending() {
        return "PENDING".equals(state) || "REQUEUED".equals(state) || "REQUEUE_HOLD".equals(state);
    }
}
