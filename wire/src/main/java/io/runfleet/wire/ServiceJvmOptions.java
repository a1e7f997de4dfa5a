package io.runfleet.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of the scheduler and the results service wherever Runfleet starts them itself (a local stack of
 * {@code runfleet up}, {@code run} and {@code demo}, the benchmark), kept here beside {@link AgentJvmOptions}
 * because every module that starts a service depends on this one. The services' container images set C1 in their
 * {@code JAVA_OPTS} and leave the collector and the heap to the container's memory limit.
 */
public final class ServiceJvmOptions {

    /**
     * C1 alone, no C2: a service's work per run is short and spread over framework code (messaging, JDBC, JSON), where
     * C2's code gains little, while C2's compiler threads took over half of each service's CPU in its first minutes.
     * Measured side by side over 2,000 {@code /bin/true} runs after a warm-up study (docs/performance.md): CPU per
     * run 2.88 to 0.97 ms in the results service and 3.87 to 1.21 ms in the scheduler over ZeroMQ, the stack's
     * throughput 141 to 256 runs per second on 2 cores shared with the runs; over 8,000 runs C2 had not caught up
     * (1.16 and 1.83 ms against 0.89 and 1.26 ms).
     * <p>
     * The serial collector from a 32 MB heap: the default (G1, starting at a 64th of the machine's memory) held
     * 260 MB resident in the results service and 311 MB in the scheduler after those runs, this 124 and 176 MB, at
     * the same CPU per run within the spread of repeated runs. Accepting a 1,000,000-run study, the one bulk
     * computation and the one that fills the heap, took 24-29 s with these options against 26-34 s with the JVM's
     * defaults and 30-40 s with C1 on G1 (three rounds each).
     */
    public static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms32m");

    private ServiceJvmOptions() {
    }

    /** {@link #OPTIONS} with a maximum heap, the service's one size setting. */
    public static List<String> withMaxHeap(String maxHeap) {
        List<String> options = new ArrayList<>(OPTIONS);
        options.add("-Xmx" + maxHeap);
        return List.copyOf(options);
    }
}
