package io.runfleet.scheduler.study;

import java.util.Optional;

/**
 * Where a study's runs go, from its {@code launch} section: agents started by the scheduler for this study alone.
 * They take no other study's runs, and the study's runs go to no other agent ({@link #poolOf}). A study without a
 * {@code launch} section has none, and its runs go to whatever agents are connected without a pool.
 */
public sealed interface Launch permits Launch.Local, Launch.Containers {

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
}
