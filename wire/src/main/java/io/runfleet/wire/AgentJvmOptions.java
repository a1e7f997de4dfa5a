package io.runfleet.wire;

import java.util.List;

/**
 * The JVM options of every worker agent Runfleet starts (the CLI's {@code runfleet agent} and local stacks, the
 * scheduler's local and Slurm launches), kept here because each of those modules depends on this one.
 */
public final class AgentJvmOptions {

    /**
     * The agent spends its time waiting on processes and sockets, not computing: C1 alone (no C2 compiler threads)
     * leaves the cores to the simulations it starts, which on a 2-core machine raised throughput of short runs by
     * 60-70%; vfork spawns processes about 45% faster than Java 17's default jspawnhelper.
     * <p>
     * Agents run by the hundred on a cluster, so their memory counts. Running 300 short runs with 2 slots, an agent
     * keeps about 6 MB live and the serial collector, started at 16 MB, holds its heap at 15 MB, collecting in under
     * 1 ms: peak resident size 87 MB, against 151 MB when the heap starts at its default (a 64th of the machine's
     * memory, here up to the 256 MB maximum), at the same CPU per run. The maximum stays at 256 MB: parsed outputs
     * of up to 8 MiB (runfleet.agent.max-parsed-output-bytes), two at a time, ran out of a 64 MB heap. A smaller
     * code cache or thread stacks, one compiler thread or a class-data archive changed the peak by 1 MB or less.
     */
    public static final List<String> OPTIONS = List.of("-Xms16m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Djdk.lang.Process.launchMechanism=VFORK");

    private AgentJvmOptions() {
    }
}
