package io.runfleet.agent.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The variables by which the common numeric libraries choose their thread count, all set to the agent's
 * {@code threads-per-run}: without them each run would start one thread per core of the node, and an agent running
 * several runs at once would oversubscribe its CPUs many times over.
 */
public final class ThreadEnvironment {

    /** OpenMP, Intel MKL, OpenBLAS, numexpr, Apple Accelerate and Julia. */
    public static final List<String> VARIABLES = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS",
            "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "JULIA_NUM_THREADS");

    private ThreadEnvironment() {
    }

    /** The variables for {@code threads}; none when unset. */
    public static Map<String, String> of(OptionalInt threads) {
        Map<String, String> environment = new LinkedHashMap<>();
        threads.ifPresent(count -> VARIABLES.forEach(name -> environment.put(name, Integer.toString(count))));
        return Map.copyOf(environment);
    }
}
