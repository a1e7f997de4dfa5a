package io.runfleet.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short command of the host (ip, iptables, pg_ctl) run to its end, its output kept for the error message.
 * Fixtures that change the machine use it so that every failure names the command and what it printed.
 */
final class HostCommand {

    /** Every command here ends within seconds; one that hangs is a broken host, not a slow one. */
    private static final long TIMEOUT_SECONDS = 120;

    private HostCommand() {
    }

    /** Runs {@code command}; fails with its output, and {@code hint} when given, unless it exits 0. */
    static String run(List<String> command, String hint) {
        Result result = attempt(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + result.exitCode()
                    + ": " + result.output().strip() + (hint == null ? "" : " (" + hint + ")"));
        }
        return result.output();
    }

    /** Runs {@code command} and answers its exit code and output, whatever they are (for clean-up). */
    static Result attempt(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "no exit within " + TIMEOUT_SECONDS + " s");
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
