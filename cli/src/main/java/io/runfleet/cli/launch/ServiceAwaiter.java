package io.runfleet.cli.launch;

import io.runfleet.cli.CliException;
import io.runfleet.cli.http.ServiceClient;
import java.time.Duration;

/** Waits until a started service answers {@code GET /health}; fails early, with its log, if it dies. */
public final class ServiceAwaiter {

    private static final long POLL_MILLIS = 200;
    private static final int LOG_TAIL_LINES = 40;

    private ServiceAwaiter() {
    }

    public static void awaitHealthy(ChildProcess process, ServiceClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.answersOk("/health")) {
            Integer exitCode = process.exitCodeIfExited();
            if (exitCode != null) {
                throw failure(process, "exited with code " + exitCode + " before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw failure(process, "did not answer " + client.baseUrl() + "/health within " + timeout.toSeconds() + "s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static CliException failure(ChildProcess process, String what) {
        String tail = process.logTail(LOG_TAIL_LINES);
        return new CliException("the " + process.name() + " (pid " + process.pid() + ") " + what + hint(tail)
                + "; the end of its log " + process.logFile() + ":" + System.lineSeparator() + tail);
    }

    /** What the user can do about the one start-up failure with a known cause. */
    private static String hint(String logTail) {
        return logTail.contains("Address already in use")
                ? " (a port it was given is in use: choose another --port, or leave --port out for free ports)"
                : "";
    }
}
