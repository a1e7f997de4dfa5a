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
     * @param system                the queue system preset that submits, watches and cancels the allocations
     *                              ({@code slurm} by default, {@code pbs}, {@code auto} or one named in the
     *                              scheduler's configuration)
     * @param mode                  agents in allocations (the default) or one array task per run
     * @param arrayThrottle         in {@link Mode#ARRAY}, array tasks running at once at most; 0 when not given
     * @param scriptTemplate        the user's own batch script template, its text; Runfleet's script when empty
     * @param pool                  the named pool of the scheduler's configuration this section comes from; empty
     *                              for a study's own section
     */
    record Slurm(Optional<String> partition, Optional<String> account, Optional<String> qos, Duration walltime,
                 int maxNodesPerAllocation, int agentsPerNode, int cpusPerAgent, int threadsPerRun,
                 int maxAllocations, int maxPendingAllocations, Duration idleTimeout, Duration drainMargin,
                 List<String> setup, List<String> submitArgs, String system, Mode mode, int arrayThrottle,
                 Optional<String> scriptTemplate, Optional<String> pool) implements Launch {

        /** The queue system preset of a section that names none. */
        public static final String DEFAULT_SYSTEM = "slurm";

        /** How runs meet the allocations: long-lived agents, or one array task per run (sites that forbid agents). */
        public enum Mode {
            AGENTS, ARRAY
        }

        public Slurm {
            setup = List.copyOf(setup);
            submitArgs = List.copyOf(submitArgs);
        }

        /** A study's own section on Slurm, with agents in allocations and Runfleet's batch script. */
        public Slurm(Optional<String> partition, Optional<String> account, Optional<String> qos, Duration walltime,
                     int maxNodesPerAllocation, int agentsPerNode, int cpusPerAgent, int threadsPerRun,
                     int maxAllocations, int maxPendingAllocations, Duration idleTimeout, Duration drainMargin,
                     List<String> setup, List<String> submitArgs) {
            this(partition, account, qos, walltime, maxNodesPerAllocation, agentsPerNode, cpusPerAgent, threadsPerRun,
                    maxAllocations, maxPendingAllocations, idleTimeout, drainMargin, setup, submitArgs,
                    DEFAULT_SYSTEM, Mode.AGENTS, 0, Optional.empty(), Optional.empty());
        }

        /** This section as the named pool {@code name} of the scheduler's configuration, with its script template. */
        public Slurm inPool(String name, Optional<String> template) {
            return new Slurm(partition, account, qos, walltime, maxNodesPerAllocation, agentsPerNode, cpusPerAgent,
                    threadsPerRun, maxAllocations, maxPendingAllocations, idleTimeout, drainMargin, setup, submitArgs,
                    system, mode, arrayThrottle, template, Optional.of(name));
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
