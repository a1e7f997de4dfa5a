package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's default invocation, small: {@code bench/run.sh 50} with a 2,000-run acceptance study, over both
 * transports, as docs/performance.md runs it at full size. It proves the benchmark still runs end to end and prints
 * every goal with a figure, so that it never rots between measurements. No speed is asserted: the figures of a small
 * run on a shared machine say nothing, and timing goals belong to the benchmark, not to a test.
 */
class BenchSmokeIT {

    private static final long TIMEOUT_MINUTES = 20;
    private static final int WARNINGS_PER_LOG = 15;
    /** Runs per measured study: enough to exercise every phase; the figures of a run this small say nothing. */
    private static final int RUNS = 50;
    /** A goal row: what, the figure with its unit, the target, and yes or no. */
    private static final Pattern GOAL = Pattern.compile("^(.+?)\\s{2,}([0-9.]+)(x| ms| s| MB|)\\s{2,}(\\S.*?)\\s+(yes|no)$",
            Pattern.MULTILINE);

    @Test
    void theDefaultBenchmarkRunsEndToEndAndPrintsEveryGoal() throws Exception {
        Path root = ItPaths.root();
        Path log = ItPaths.logDir(BenchSmokeIT.class).resolve("bench.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "bench/run.sh", String.valueOf(RUNS))
                .directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BENCH_ACCEPT_RUNS", "2000");
        builder.environment().put("BENCH_TRANSPORTS", "zeromq,rabbitmq");
        Process bench = builder.start();
        boolean ended = bench.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!ended) {
            bench.descendants().forEach(ProcessHandle::destroy);
            bench.destroy();
            bench.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(ended).as("bench/run.sh " + RUNS + " ended within %d min; log %s", TIMEOUT_MINUTES, log).isTrue();
        assertThat(bench.exitValue()).as("exit code of bench/run.sh %d; log %s:%n%s%nwarnings of the services:%n%s",
                RUNS, log, tail(output), serviceWarnings(root.resolve("bench/target/logs"))).isZero();

        List<String> goals = GOAL.matcher(output).results().map(match -> match.group(1).strip()).toList();
        assertThat(goals).as("goal rows printed; log %s", log).containsAll(List.of(
                "/bin/true, ZeroMQ, vs xargs -P2", "/bin/true, RabbitMQ, vs xargs -P2",
                "in-process no-op, ZeroMQ, vs Pool(2) no-op", "in-process no-op, RabbitMQ, vs Pool(2) no-op",
                "2,000-run study accepted", "scheduler heap after it (before GC)",
                "results ingest, rows per CPU-second, ZeroMQ", "results ingest, rows per CPU-second, RabbitMQ",
                "agent peak RSS, ZeroMQ", "agent peak RSS, RabbitMQ"));
        assertThat(goals).as("the heat and latency rows").anyMatch(goal -> goal.startsWith("heat, 200 runs, embedded"))
                .anyMatch(goal -> goal.startsWith("added latency per run, ZeroMQ"))
                .anyMatch(goal -> goal.startsWith("added latency per run, RabbitMQ"));
        Matcher rows = GOAL.matcher(output);
        while (rows.find()) {
            // every figure came from a measurement: none is zero, none is missing
            assertThat(Double.parseDouble(rows.group(2))).as("figure of '%s'", rows.group(1).strip()).isPositive();
        }
        assertThat(output).contains("Cost per process over the /bin/true study (" + RUNS + " runs)");
    }

    /** The warnings and errors the services of the last phase logged, each log's first ones: CI keeps no log files. */
    private static String serviceWarnings(Path logs) throws IOException {
        StringBuilder warnings = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).limit(WARNINGS_PER_LOG)
                            .forEach(line -> warnings.append(file.getFileName()).append(": ")
                                    .append(line, 0, Math.min(line.length(), 400)).append('\n'));
                }
            }
        } catch (NoSuchFileException none) {
            return "(no logs in " + logs + ")";
        }
        return warnings.toString();
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
    }
}
