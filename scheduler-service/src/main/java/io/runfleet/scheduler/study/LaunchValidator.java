package io.runfleet.scheduler.study;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a study's {@code launch} section and fills in its defaults: one agent, and slots enough for the study's
 * {@code policy.maxParallel} spread over the agents when the policy gives one, else one slot per agent.
 */
final class LaunchValidator {

    static final int MAX_AGENTS = 64;
    static final int MAX_SLOTS = 256;
    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,9}[kmgKMG]");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}");
    private static final Pattern ENGINE_NAME = Pattern.compile("podman|docker");

    private final Problems problems;
    private final boolean enabled;
    private final NamedPools pools;

    /** @param enabled whether this scheduler launches agents at all ({@code runfleet.launch.enabled}) */
    LaunchValidator(Problems problems, boolean enabled) {
        this(problems, enabled, NamedPools.none());
    }

    /** @param pools the named pools a study may reference with {@code launch: {pool: NAME}} */
    LaunchValidator(Problems problems, boolean enabled, NamedPools pools) {
        this.problems = problems;
        this.enabled = enabled;
        this.pools = pools;
    }

    /** @param maxParallel the study's {@code policy.maxParallel} when the document gives one */
    Optional<Launch> validate(LaunchDocument launch, Optional<Integer> maxParallel) {
        if (launch == null) {
            return Optional.empty();
        }
        if (!enabled) {
            problems.add("launch", "this scheduler does not launch agents (runfleet.launch.enabled=false); remove the"
                    + " launch section and start agents yourself (runfleet agent), or ask the operator to enable it");
            return Optional.empty();
        }
        int kinds = (launch.local() == null ? 0 : 1) + (launch.containers() == null ? 0 : 1)
                + (launch.slurm() == null ? 0 : 1) + (launch.pbs() == null ? 0 : 1);
        if (launch.pool() != null) {
            return kinds == 0 ? namedPool(launch.pool()) : refusedBeside();
        }
        if (kinds != 1) {
            problems.add("launch", (kinds == 0 ? "empty" : "gives more than one of local, containers, slurm and pbs")
                    + "; give exactly one of local: {agents: 2, slots: 4}, containers: {image: IMAGE, agents: 2} or"
                    + " slurm: {partition: NAME, walltime: 2h}, or pool: NAME alone for a named pool of the scheduler");
            return Optional.empty();
        }
        if (launch.slurm() != null) {
            return Optional.of(new SlurmLaunchValidator(problems).validate(launch.slurm()));
        }
        if (launch.pbs() != null) {
            return Optional.of(new SlurmLaunchValidator(problems, "pbs").validate(launch.pbs()));
        }
        if (launch.local() != null) {
            LaunchDocument.Local local = launch.local();
            int agents = count(local.agents(), "launch.local.agents", 1, MAX_AGENTS, 1);
            int slots = count(local.slots(), "launch.local.slots", 1, MAX_SLOTS, defaultSlots(maxParallel, agents));
            return Optional.of(new Launch.Local(agents, slots));
        }
        LaunchDocument.Containers containers = launch.containers();
        String image = containers.image() == null ? "" : containers.image().trim();
        if (image.isEmpty()) {
            problems.add("launch.containers.image", "missing; name the image the agents run in, e.g."
                    + " localhost/my-simulation:1.0 (any glibc-based Linux image; docs/launchers.md)");
        } else if (!IMAGE.matcher(image).matches()) {
            problems.add("launch.containers.image", "'" + image + "' is not an image reference; write"
                    + " [registry/]name[:tag], e.g. localhost/my-simulation:1.0");
        }
        int agents = count(containers.agents(), "launch.containers.agents", 1, MAX_AGENTS, 1);
        int slots = count(containers.slots(), "launch.containers.slots", 1, MAX_SLOTS,
                defaultSlots(maxParallel, agents));
        return Optional.of(new Launch.Containers(image, agents, slots, cpus(containers.cpus()),
                memory(containers.memory()), engine(containers.engine())));
    }

    /** {@code launch: {pool: NAME}}: the named pool's section, if the scheduler has that pool and accepted it. */
    private Optional<Launch> namedPool(String name) {
        Optional<Launch.Slurm> pool = pools.pool(name.trim());
        if (pool.isPresent()) {
            return Optional.of(pool.get());
        }
        String refused = pools.refused().get(name.trim());
        problems.add("launch.pool", refused != null
                ? "pool '" + name + "' was refused when the scheduler started: " + refused + "; ask the operator to fix"
                        + " it in the pools file (runfleet.launch.pools-file) and restart the scheduler, or name another"
                        + " pool"
                : "'" + name + "' is no pool of this scheduler; "
                        + PoolsFile.configured(List.copyOf(pools.names())) + "; name one of them, or give launch.slurm");
        return Optional.empty();
    }

    private Optional<Launch> refusedBeside() {
        problems.add("launch.pool", "given beside local, containers or slurm; give the pool alone (launch: {pool:"
                + " gpu}): its allocations are the pool's, set in the scheduler's configuration");
        return Optional.empty();
    }

    /** maxParallel spread over the agents, rounded up; one slot when the policy leaves maxParallel out. */
    private static int defaultSlots(Optional<Integer> maxParallel, int agents) {
        return maxParallel.filter(parallel -> parallel > 0)
                .map(parallel -> Math.min(MAX_SLOTS, (parallel + agents - 1) / agents)).orElse(1);
    }

    private int count(String text, String field, int min, int max, int fallback) {
        return count(problems, text, field, min, max, fallback);
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when left out or wrong (then a problem). */
    static int count(Problems problems, String text, String field, int min, int max, int fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
            problems.add(field, value + " is out of range; give " + min + " to " + max);
        } catch (NumberFormatException e) {
            problems.add(field, "'" + text + "' is not a whole number; give " + min + " to " + max);
        }
        return fallback;
    }

    private Optional<Double> cpus(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            BigDecimal cpus = new BigDecimal(text.trim());
            if (cpus.signum() > 0 && cpus.compareTo(BigDecimal.valueOf(1024)) <= 0) {
                return Optional.of(cpus.doubleValue());
            }
            problems.add("launch.containers.cpus", text + " is out of range; give a positive number of CPUs such"
                    + " as 2 or 0.5 (at most 1024)");
        } catch (NumberFormatException e) {
            problems.add("launch.containers.cpus", "'" + text + "' is not a number; give the CPUs of each container"
                    + " as a positive decimal, e.g. 2 or 0.5");
        }
        return Optional.empty();
    }

    private Optional<String> memory(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String memory = text.trim();
        if (!MEMORY.matcher(memory).matches()) {
            problems.add("launch.containers.memory", "'" + text + "' is not a memory size; write a whole number"
                    + " with k, m or g, e.g. 512m or 2g");
            return Optional.empty();
        }
        return Optional.of(memory.toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<String> engine(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String engine = text.trim();
        if (ENGINE_NAME.matcher(engine).matches() || (engine.startsWith("/") && engine.length() > 1
                && !engine.contains("\0"))) {
            return Optional.of(engine);
        }
        problems.add("launch.containers.engine", "'" + text + "' is not a container engine; give podman, docker"
                + " or the absolute path of either, or leave it out to use the first found on the PATH");
        return Optional.empty();
    }
}
