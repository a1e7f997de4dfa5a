package io.runfleet.agent.execution;

import io.runfleet.agent.output.OutputException;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Executes one attempt of a run, blocking the calling thread until it ends: stages the run directory,
 * renders the template files, runs the command without a shell (unless asked), enforces the timeout on
 * the whole process tree and parses the outputs. Never throws for a problem of the run itself: every
 * such problem is an {@link Execution} with outcome FAILED or TIMED_OUT and a one-line error.
 */
public class RunExecutor {

    public static final String BUILTIN_NOOP = "noop";
    public static final String KEEP_ALL = "all";
    public static final String KEEP_NONE = "none";

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    private static final File NO_INPUT = new File("/dev/null");

    private final RunDirectories directories;
    private final OutputParsers parsers;
    private final int stderrTailLines;
    private final Map<RunRef, Process> running = new ConcurrentHashMap<>();
    private final Set<RunRef> stopped = ConcurrentHashMap.newKeySet();
    private volatile String stopReason;

    public RunExecutor(Path workDir, OutputParsers parsers, int stderrTailLines) {
        this.directories = new RunDirectories(workDir);
        this.parsers = parsers;
        this.stderrTailLines = stderrTailLines;
    }

    public Execution execute(RunRequest request) {
        Instant startedAt = Instant.now();
        RunSpec spec = request.spec();
        if (stopReason != null) {
            return Execution.ended(RunOutcome.CANCELLED, "not started: " + stopReason, startedAt);
        }
        if (spec.builtin() != null) {
            return builtin(spec.builtin(), startedAt);
        }
        if (!KEEP_ALL.equals(spec.keep()) && !KEEP_NONE.equals(spec.keep())) {
            return Execution.failed(null, "spec.keep '" + spec.keep() + "' is unknown; use all or none",
                    null, startedAt);
        }
        Path runDir = null;
        try {
            runDir = directories.create(request);
            return runCommand(request, runDir, startedAt);
        } catch (RunSetupException e) {
            return Execution.failed(null, e.getMessage(), null, startedAt);
        } catch (IOException e) {
            return Execution.failed(null, "cannot stage the run directory " + runDir + ": " + e, null,
                    startedAt);
        } finally {
            if (runDir != null && KEEP_NONE.equals(spec.keep())) {
                deleteQuietly(request.ref(), runDir);
            }
        }
    }

    /**
     * Kills every command in progress with its process tree and refuses new ones; their executions end
     * CANCELLED with {@code reason}. Used when the agent drains.
     */
    public void stopAll(String reason) {
        stopReason = reason;
        running.forEach((ref, process) -> {
            stopped.add(ref);
            int killed = ProcessTree.kill(process);
            LOG.infof("%s killed with %d processes: %s", ref, killed, reason);
        });
    }

    /** How many commands are running right now. */
    public int runningCount() {
        return running.size();
    }

    private Execution builtin(String name, Instant startedAt) {
        if (BUILTIN_NOOP.equals(name)) {
            return Execution.succeeded(null, Map.of(), startedAt);
        }
        return Execution.failed(null, "spec.builtin '" + name + "' is unknown; this agent has "
                + BUILTIN_NOOP, null, startedAt);
    }

    private Execution runCommand(RunRequest request, Path runDir, Instant startedAt)
            throws RunSetupException, IOException {
        RunSpec spec = request.spec();
        Map<String, Object> values = RunValues.of(request, runDir);
        TemplateFiles.render(spec.files(), values, runDir);
        CommandLine commandLine = CommandLine.render(spec, values);

        ProcessBuilder builder = new ProcessBuilder(commandLine.arguments())
                .directory(runDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(ProcessBuilder.Redirect.to(runDir.resolve(OutputSpec.STDOUT).toFile()))
                .redirectError(ProcessBuilder.Redirect.to(runDir.resolve(OutputSpec.STDERR).toFile()));
        builder.environment().putAll(commandLine.environment());

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return Execution.failed(null, "cannot start program '" + commandLine.program() + "': " + reason,
                    null, startedAt);
        }
        RunRef ref = request.ref();
        running.put(ref, process);
        try {
            if (stopReason != null && !stopped.contains(ref)) {
                // stopAll ran between the start and the registration: it could not see this process
                stopped.add(ref);
                ProcessTree.kill(process);
            }
            return awaitAndCollect(request, process, runDir, startedAt);
        } finally {
            running.remove(ref);
            stopped.remove(ref);
        }
    }

    private Execution awaitAndCollect(RunRequest request, Process process, Path runDir, Instant startedAt) {
        long timeoutMillis = request.spec().timeoutMillis();
        try {
            if (timeoutMillis > 0 && !process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                int killed = ProcessTree.kill(process);
                return Execution.ended(RunOutcome.TIMED_OUT, "timed out after " + Durations.text(timeoutMillis)
                        + "; killed " + killed + " processes", startedAt);
            }
            process.waitFor();
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            Thread.currentThread().interrupt();
            return Execution.ended(RunOutcome.CANCELLED, "interrupted while waiting for the command", startedAt);
        }
        if (stopped.contains(request.ref())) {
            return Execution.ended(RunOutcome.CANCELLED, "killed: " + stopReason, startedAt);
        }
        int exitCode = process.exitValue();
        if (exitCode != 0) {
            String tail = stderrTail(runDir);
            return Execution.failed(exitCode, FailureReason.exitCode(exitCode, tail), tail, startedAt);
        }
        try {
            return Execution.succeeded(exitCode, parsers.parseAll(request.spec().outputs(), runDir), startedAt);
        } catch (OutputException e) {
            return Execution.failed(exitCode, e.getMessage(), stderrTail(runDir), startedAt);
        }
    }

    private String stderrTail(Path runDir) {
        return StderrTail.of(runDir.resolve(OutputSpec.STDERR), stderrTailLines);
    }

    private void deleteQuietly(RunRef ref, Path runDir) {
        try {
            directories.delete(runDir);
        } catch (IOException e) {
            LOG.warnf("%s: cannot delete run directory %s (keep=none): %s", ref, runDir, e);
        }
    }
}
