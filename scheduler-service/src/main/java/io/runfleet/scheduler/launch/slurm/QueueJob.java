package io.runfleet.scheduler.launch.slurm;

import java.util.Optional;

/**
 * One job as a PBS-style {@code qstat} shows it, before its state is read by the preset.
 *
 * @param state      the system's own state name (Q, R, C, F, ...)
 * @param exitStatus the exit status of an ended job, when the system gives it
 * @param nodes      nodes asked for or allocated; 0 when not shown
 */
record QueueJob(String id, String name, String state, Optional<Integer> exitStatus, int nodes) {
}
