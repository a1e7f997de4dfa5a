package io.runfleet.scheduler.study;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The named pools of the scheduler's configuration ({@code runfleet.launch.pools-file}) that studies reference with
 * {@code launch: {pool: NAME}}: the pools accepted at the scheduler's start, and those refused then (the cluster's
 * {@code sbatch --test-only} turned their directives down), with the reason.
 */
public record NamedPools(Map<String, Launch.Slurm> accepted, Map<String, String> refused) {

    public NamedPools {
        accepted = Map.copyOf(accepted);
        refused = Map.copyOf(refused);
    }

    /** A scheduler without a pools file. */
    public static NamedPools none() {
        return new NamedPools(Map.of(), Map.of());
    }

    public Optional<Launch.Slurm> pool(String name) {
        return Optional.ofNullable(accepted.get(name));
    }

    /** Every pool of the file, accepted or refused, by name. */
    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>(accepted.keySet());
        names.addAll(refused.keySet());
        return names;
    }

    /** The accepted pools in name order, for listings. */
    public TreeMap<String, Launch.Slurm> sorted() {
        return new TreeMap<>(accepted);
    }
}
