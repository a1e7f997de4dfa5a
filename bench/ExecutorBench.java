// Wall time of one run of /bin/true through the agent's RunExecutor alone (run directory, spawn with redirected
// output, wait, leftover check, directory removal), beside a bare spawn of the same command, one after another in
// one thread: what the agent's execution adds to a spawn, with no messaging, database or other process in the way.
// Run from the repository root, after the services are packaged:
//
//   bench/run.sh executor [N]        (default N=500)
//
// which runs this file on the worker agent's own classpath with the agent's JVM options (wire AgentJvmOptions).

import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.WireMessage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class ExecutorBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path workDir = Files.createTempDirectory("runfleet-executor-bench");
        RunExecutor executor = new RunExecutor(workDir, OutputParsers.standard(), 20);
        RunSpec spec = new RunSpec(List.of("/bin/true"), false, null, Map.of(), Map.of(), 0, List.of(), "none");
        // a warm-up of as many runs, so that both columns are measured on compiled code
        measure(executor, spec, runs);
        long[][] nanos = measure(executor, spec, runs);
        Arrays.sort(nanos[0]);
        Arrays.sort(nanos[1]);
        System.out.printf(Locale.ROOT, "%d runs of /bin/true, one at a time, launch mechanism %s%n", runs,
                System.getProperty("jdk.lang.Process.launchMechanism", "default"));
        System.out.printf(Locale.ROOT, "%-34s %10s %10s%n", "ms per run", "median", "90th pct");
        print("RunExecutor.execute", nanos[0]);
        print("bare spawn (ProcessBuilder)", nanos[1]);
        System.out.printf(Locale.ROOT, "%-34s %10.2f%n", "added by the executor, median",
                (median(nanos[0]) - median(nanos[1])) / 1e6);
        Files.deleteIfExists(workDir.resolve("study-1"));
        Files.deleteIfExists(workDir);
    }

    /** Alternates an execution and a bare spawn, so that both see the same machine at the same moments. */
    private static long[][] measure(RunExecutor executor, RunSpec spec, int runs) throws Exception {
        long[] executed = new long[runs];
        long[] spawned = new long[runs];
        for (int i = 0; i < runs; i++) {
            Map<String, Object> params = Map.of("i", i);
            RunRequest request = new RunRequest(WireMessage.SCHEMA_VERSION, "study-1", "run-" + i, i, 1, params,
                    ParamHash.of(params), spec, 0, null, null);
            long start = System.nanoTime();
            Execution execution = executor.execute(request);
            executed[i] = System.nanoTime() - start;
            if (execution.outcome() != RunOutcome.SUCCEEDED) {
                throw new IllegalStateException("run " + i + " ended " + execution.outcome() + ": " + execution.error());
            }
            start = System.nanoTime();
            Process bare = new ProcessBuilder("/bin/true").redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (bare.waitFor() != 0) {
                throw new IllegalStateException("/bin/true exited " + bare.exitValue());
            }
            spawned[i] = System.nanoTime() - start;
        }
        return new long[][] {executed, spawned};
    }

    /** @param sorted times in nanoseconds, in ascending order */
    private static void print(String label, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-34s %10.2f %10.2f%n", label, median(sorted) / 1e6,
                sorted[sorted.length * 9 / 10] / 1e6);
    }

    /** @param sorted times in nanoseconds, in ascending order */
    private static double median(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
