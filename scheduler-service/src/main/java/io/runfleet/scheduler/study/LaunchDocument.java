package io.runfleet.scheduler.study;

import java.util.List;

/**
 * A study's {@code launch} section as written: exactly one of {@code local}, {@code containers}, {@code slurm} or
 * {@code pbs} (the fields of {@code slurm}, on the {@code pbs} queue system by default), or {@code pool}, a named pool
 * of the scheduler's configuration (docs/study-format.md, "Launch"). Numbers and sizes are read as text, so that a
 * wrong one is reported with the study's other problems instead of ending the read.
 */
public record LaunchDocument(Local local, Containers containers, Slurm slurm, Slurm pbs, String pool) {

    public LaunchDocument(Local local, Containers containers, Slurm slurm) {
        this(local, containers, slurm, null, null);
    }


    /** {@code local: {agents, slots}}. */
    public record Local(String agents, String slots) {
    }

    /** {@code containers: {image, agents, slots, cpus, memory, engine}}. */
    public record Containers(String image, String agents, String slots, String cpus, String memory, String engine) {
    }

    /** {@code slurm: {partition, walltime, agentsPerNode, ...}}: see {@link Launch.Slurm}. */
    public record Slurm(String partition, String account, String qos, String walltime, String maxNodesPerAllocation,
                        String agentsPerNode, String cpusPerAgent, String threadsPerRun, String maxAllocations,
                        String maxPendingAllocations, String idleTimeout, String drainMargin, List<String> setup,
                        List<String> submitArgs, String system, String mode, String arrayThrottle,
                        String scriptTemplate) {
    }
}
