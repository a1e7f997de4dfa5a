package io.runfleet.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short command of the host (ip, iptables, pg_ctl) run to its end, its output kept for the error message.
 * Fixtures that change the machine use it so that every failure names the command and what it printed.
 */
final class HostCommand {

    /** Every command here ends within seconds; one that hangs is a broken host, not a slow one. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private HostCommand() {
    }

    /** Runs {@code command}; fails with its output, and {@code hint} when given, unless it exits 0. */
    static String run(List<String> command, String hint) {
        return run(command, Map.of(), TIMEOUT, hint);
    }

    /** As {@link #run(List, String)}, with {@code environment} added to this JVM's and a timeout of its own. */
    static String run(List<String> command, Map<String, String> environment, Duration timeout, String hint) {
        Result result = attempt(command, environment, timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + result.exitCode()
                    + ": " + result.output().strip() + (hint == null ? "" : " (" + hint + ")"));
        }
        return result.output();
    }

    /** Runs {@code command} and answers its exit code and output, whatever they are (for clean-up). */
    static Result attempt(List<String> command) {
        return attempt(command, Map.of(), TIMEOUT);
    }

    /** As {@link #attempt(List)}, with {@code environment} added to this JVM's and a timeout of its own. */
    static Result attempt(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "no exit within " + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "cannot start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    record Result(int exitCode, String output) {
    }

    /** Whether this JVM runs as root: network namespaces, iptables and runuser need it. */
    static boolean isRoot() {
        Result id = attempt(List.of("id", "-u"));
        return id.exitCode() == 0 && id.output().strip().equals("0");
    }
}
