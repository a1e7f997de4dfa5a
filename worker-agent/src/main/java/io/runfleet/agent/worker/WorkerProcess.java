package io.runfleet.agent.worker;

import io.runfleet.agent.process.ProcessTree;
import io.runfleet.agent.process.SignalDeath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running worker: its process, a pipe to its stdin, and a thread that reads its stdout line by line into a queue,
 * so that the run waiting for a line can give up at its timeout or when it is cancelled.
 */
final class WorkerProcess {

    /** Put on the queue when stdout ends (the worker exited, or closed it). Compared by identity. */
    private static final String END = new String("");
    static final String LOG = "worker.log";

    private final WorkerKey key;
    private final int number;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Guarded by the pool. */
    private int served;
    /** Guarded by the pool. */
    private long idleSinceNanos = System.nanoTime();

    private WorkerProcess(WorkerKey key, int number, Process process, Path log) {
        this.key = key;
        this.number = number;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "worker-" + number + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the worker's process in {@code dir}, its stderr appended to {@code dir/worker.log}. */
    static WorkerProcess start(WorkerKey key, int number, Path dir, Map<String, String> environment)
            throws IOException {
        Path log = dir.resolve(LOG);
        ProcessBuilder builder = new ProcessBuilder(key.command())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new WorkerProcess(key, number, builder.start(), log);
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException closed) {
            // the process is gone; END below tells the run in hand
        } finally {
            lines.add(END);
        }
    }

    /** Writes one request line and flushes it. */
    void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** The next line of stdout; null when none came within {@code millis}; {@link #isEnd} once stdout ended. */
    String next(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    static boolean isEnd(String line) {
        return line == END;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the worker with every process it started; answers how many were killed. */
    int kill() {
        return ProcessTree.kill(process);
    }

    /**
     * Ends the worker the polite way: closes its stdin (a worker exits at the end of its input), then kills what still
     * runs after {@code grace}.
     */
    void stop(Duration grace) {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // it exited already
        }
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    /**
     * How the worker ended, as "exit code 3" or "killed by signal 9 (SIGKILL), exit code 137"; waits a moment for the
     * exit status of a worker that closed its stdout, then kills it if it still runs.
     */
    String exitText() {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill();
                return "closed its stdout and was killed";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return "ended";
        }
        int exit = process.exitValue();
        return SignalDeath.describe(exit).map(death -> death + ", ").orElse("") + "exit code " + exit;
    }

    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    WorkerKey key() {
        return key;
    }

    int number() {
        return number;
    }

    Path log() {
        return log;
    }

    int served() {
        return served;
    }

    void servedOneMore() {
        served++;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void idleFromNow() {
        idleSinceNanos = System.nanoTime();
    }

    @Override
    public String toString() {
        return "worker " + number + " (pid " + process.pid() + ", " + key + ")";
    }
}
