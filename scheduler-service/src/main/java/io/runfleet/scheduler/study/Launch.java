package io.runfleet.scheduler.study;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a study's runs go, from its {@code launch} section: agents started by the scheduler for this study alone.
 * They take no other study's runs, and the study's runs go to no other agent ({@link #poolOf}). A study without a
 * {@code launch} section has none, and its runs go to whatever agents are connected without a pool.
 */
public sealed interface Launch permits Launch.Local, Launch.Containers, Launch.Slurm {

    /** How many agents run for the study at once. */
    int agents();

    /** Run slots of each agent. */
    int slots();

    /** The pool that ties a study's runs to the agents launched for it. */
    static String poolOf(String studyId) {
        return "study-" + studyId;
    }

    /** {@code launch: {local: {agents, slots}}}: agents as processes on the scheduler's machine. */
    record Local(int agents, int slots) implements Launch {
    }

    /**
     * {@code launch: {containers: {image, agents, slots, cpus, memory, engine}}}: agents as containers of the user's
     * image on the scheduler's machine.
     *
     * @param cpus   the CPU limit of each container ({@code --cpus}); none by default
     * @param memory the memory limit of each container ({@code --memory}, e.g. {@code 2g}); none by default
     * @param engine {@code podman} or {@code docker}, or a path to either; the first found on the PATH by default
     */
    record Containers(String image, int agents, int slots, Optional<Double> cpus, Optional<String> memory,
                      Optional<String> engine) implements Launch {
    }

    /**
     * {@code launch: {slurm: {...}}}: agents inside Slurm allocations the scheduler submits, sizes and releases
     * (docs/launchers.md, "Slurm allocations").
     *
     * @param partition             {@code --partition}; the cluster's default partition when empty
     * @param account               {@code --account}
     * @param qos                   {@code --qos}
     * @param walltime              {@code --time} of each allocation
     * @param maxNodesPerAllocation nodes of one allocation at most
     * @param agentsPerNode         agents (srun tasks) on each node
     * @param cpusPerAgent          CPUs of each agent ({@code --cpus-per-task}, given to srun too)
     * @param threadsPerRun         threads of each run; an agent has {@code cpusPerAgent / threadsPerRun} slots
     * @param maxAllocations        allocations of the study at once, pending or running
     * @param maxPendingAllocations allocations of the study waiting in the queue at once
     * @param idleTimeout           an agent that held no run this long exits, so that its allocation ends
     * @param drainMargin           an agent takes no run whose timeout ends later than this before the walltime
     * @param setup                 shell lines the batch script runs before the agents (module loads)
     * @param submitArgs            further sbatch options, passed verbatim
     */
    record Slurm(Optional<String> partition, Optional<String> account, Optional<String> qos, Duration walltime,
                 int maxNodesPerAllocation, int agentsPerNode, int cpusPerAgent, int threadsPerRun,
                 int maxAllocations, int maxPendingAllocations, Duration idleTimeout, Duration drainMargin,
                 List<String> setup, List<String> submitArgs) implements Launch {

        public Slurm {
            setup = List.copyOf(setup);
            submitArgs = List.copyOf(submitArgs);
        }

        /** The agents of all allocations at their largest. */
        @Override
        public int agents() {
            return maxAllocations * maxNodesPerAllocation * agentsPerNode;
        }

        @Override
        public int slots() {
            return Math.max(1, cpusPerAgent / threadsPerRun);
        }

        /** The longest run timeout an allocation takes: the walltime less the drain margin. */
        public Duration longestRun() {
            return walltime.minus(drainMargin);
        }
    }
}
