package io.runfleet.agent.execution;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.agent.output.OutputException;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.plugin.PluginSteps;
import io.runfleet.agent.process.Durations;
import io.runfleet.agent.process.ProcessTree;
import io.runfleet.agent.process.StderrTail;
import io.runfleet.agent.worker.WorkerPool;
import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Executes one attempt of a run, blocking the calling thread until it ends: stages the run directory,
 * renders the template files, runs the command without a shell (unless asked), enforces the timeout on
 * the whole process tree, kills what the command leaves running when it ends, and parses the outputs. Never throws
 * for a problem of the run itself: every such problem is an {@link Execution} with outcome FAILED or TIMED_OUT and
 * a one-line error. A run can be
 * cancelled while it executes ({@link #cancel}): its process tree gets SIGTERM, then SIGKILL after a grace, and
 * its execution ends CANCELLED.
 */
public class RunExecutor {

    public static final String BUILTIN_NOOP = "noop";
    public static final String KEEP_ALL = "all";
    public static final String KEEP_NONE = "none";
    /** How long a cancelled run's processes may take to end after SIGTERM (to save what they have) before SIGKILL. */
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(2);
    /**
     * Files of one run directory reported by reference at most, by default: each reference is about 130 bytes in the
     * result, so 10,000 of them stay far below the wire's message limit.
     */
    public static final int DEFAULT_MAX_KEPT_FILES = 10_000;
    /** A stop in progress holds a run's result back at most this much longer than its grace. */
    private static final Duration STOP_WAIT_MARGIN = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final RunDirectories directories;
    private final OutputParsers parsers;
    private final int stderrTailLines;
    private final Duration cancelGrace;
    private final KeptFileIndex keptFiles;
    private final StepSequence steps;
    /** Set for every run before the study's own environment, which may override it ({@link ThreadEnvironment}). */
    private final Map<String, String> runEnvironment;
    private final Map<RunRef, ActiveRun> active = new ConcurrentHashMap<>();
    private volatile String stopReason;
    /** Persistent workers, for the studies that give {@code template.worker}. */
    private final WorkerPool workers;
    private volatile PluginSteps pluginSteps = PluginSteps.none();

    public RunExecutor(Path workDir, OutputParsers parsers, int stderrTailLines) {
        this(workDir, parsers, stderrTailLines, DEFAULT_CANCEL_GRACE);
    }

    public RunExecutor(Path workDir, OutputParsers parsers, int stderrTailLines, Duration cancelGrace) {
        this(workDir, parsers, stderrTailLines, cancelGrace, DEFAULT_MAX_KEPT_FILES);
    }

    /** @param maxKeptFiles files of a kept run directory listed by reference in its result at most */
    public RunExecutor(Path workDir, OutputParsers parsers, int stderrTailLines, Duration cancelGrace,
                       int maxKeptFiles) {
        this(workDir, parsers, stderrTailLines, cancelGrace, maxKeptFiles, Map.of());
    }

    /** @param runEnvironment variables every run gets unless the study's own environment sets them */
    public RunExecutor(Path workDir, OutputParsers parsers, int stderrTailLines, Duration cancelGrace,
                       int maxKeptFiles, Map<String, String> runEnvironment) {
        this.runEnvironment = Map.copyOf(runEnvironment);
        this.directories = new RunDirectories(workDir);
        this.parsers = parsers;
        this.stderrTailLines = stderrTailLines;
        this.cancelGrace = cancelGrace;
        this.keptFiles = new KeptFileIndex(maxKeptFiles);
        this.steps = new StepSequence(parsers, stderrTailLines, this.runEnvironment, STOP_WAIT_MARGIN,
                () -> pluginSteps);
        this.workers = new WorkerPool(workDir);
    }

    /** The plugins of the agent's plugin path, for runs that name one ({@code template.plugin}, steps). */
    public RunExecutor withPluginSteps(PluginSteps steps) {
        this.pluginSteps = steps;
        return this;
    }


    public Execution execute(RunRequest request) {
        RunRef ref = request.ref();
        ActiveRun run = new ActiveRun();
        // registered before the drain check: stopAll either sees this run or this run sees its reason
        active.put(ref, run);
        try {
            return execute(request, run);
        } finally {
            active.remove(ref, run);
        }
    }

    private Execution execute(RunRequest request, ActiveRun run) {
        Instant startedAt = Instant.now();
        RunSpec spec = request.spec();
        if (stopReason != null) {
            return Execution.ended(RunOutcome.CANCELLED, "not started: " + stopReason, startedAt);
        }
        if (run.stop() != null) {
            return Execution.ended(RunOutcome.CANCELLED, run.stop().error(), startedAt);
        }
        if (spec.builtin() != null) {
            return builtin(spec.builtin(), startedAt);
        }
        String filesProblem = RunFiles.problem(spec);
        if (filesProblem != null) {
            return Execution.failed(null, filesProblem, null, startedAt);
        }
        Path runDir = null;
        Path scratch = null;
        boolean keepDirectory = !KEEP_NONE.equals(spec.keep());
        try {
            runDir = directories.create(request);
            scratch = RunFiles.createScratch(spec, runDir);
            Path executeIn = scratch != null ? scratch : runDir;
            Execution execution = spec.worker() != null ? runOnWorker(request, run, executeIn)
                    : spec.steps().isEmpty() ? runCommand(request, run, executeIn, startedAt)
                    : steps.execute(request, run, executeIn, startedAt);
            keepDirectory = RunFiles.keepsDirectory(spec, execution.outcome());
            return keepDirectory ? withKeptFiles(request, execution, executeIn, runDir) : execution;
        } catch (RunSetupException e) {
            return Execution.failed(null, e.getMessage(), null, startedAt);
        } catch (IOException e) {
            return Execution.failed(null, "cannot stage the run directory " + runDir + ": " + e, null,
                    startedAt);
        } finally {
            if (scratch != null) {
                deleteQuietly(request.ref(), scratch);
            }
            if (runDir != null && !keepDirectory) {
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
        ActiveRun.Stop stop = new ActiveRun.Stop("killed: " + reason, Duration.ZERO);
        active.forEach((ref, run) -> {
            Process process = run.requestStop(stop);
            if (process != null) {
                int killed = run.carryOut(stop, process);
                LOG.infof("%s killed with %d processes: %s", ref, killed, reason);
            }
        });
    }

    /**
     * Stops one attempt because it was cancelled: SIGTERM to its process tree, SIGKILL to what still runs after
     * the cancel grace. Blocks the caller for up to that grace. The attempt's execution ends CANCELLED with
     * {@code reason} as its error; one that has not started its command yet does not start it.
     *
     * @return false when this executor is not executing the attempt (it ended, or never came here)
     */
    public boolean cancel(RunRef ref, String reason) {
        ActiveRun run = active.get(ref);
        if (run == null) {
            return false;
        }
        ActiveRun.Stop stop = new ActiveRun.Stop(reason, cancelGrace);
        Process process = run.requestStop(stop);
        if (process != null) {
            int signalled = run.carryOut(stop, process);
            LOG.infof("%s stopped with %d processes: %s", ref, signalled, reason);
        }
        return true;
    }

    /** The persistent workers of this agent ({@code template.worker}). */
    public WorkerPool workers() {
        return workers;
    }

    /** How many attempts are executing right now (staging, running their command or collecting outputs). */
    public int runningCount() {
        return active.size();
    }

    private Execution builtin(String name, Instant startedAt) {
        if (BUILTIN_NOOP.equals(name)) {
            return Execution.succeeded(null, Map.of(), startedAt);
        }
        return Execution.failed(null, "spec.builtin '" + name + "' is unknown; this agent has "
                + BUILTIN_NOOP, null, startedAt);
    }

    /** Has a persistent worker execute the run; the study's outputs, if any, are parsed from the run directory too. */
    private Execution runOnWorker(RunRequest request, ActiveRun run, Path runDir) throws RunSetupException, IOException {
        RunSpec spec = request.spec();
        Map<String, Object> values = RunValues.of(request, runDir);
        TemplateFiles.render(spec.files(), values, runDir);
        Execution answered = workers.execute(request, runDir, workerDir -> {
            TemplateFiles.render(spec.files(), values, workerDir);
            Map<String, String> environment = new HashMap<>(runEnvironment);
            environment.putAll(CommandLine.environment(spec, values));
            return environment;
        }, () -> run.stop() == null ? null : run.stop().error());
        if (answered.outcome() != RunOutcome.SUCCEEDED || spec.outputs().isEmpty()) {
            return answered;
        }
        Map<String, Object> outputs = new HashMap<>(answered.outputs());
        try {
            outputs.putAll(parsers.parseAll(spec.outputs(), runDir));
        } catch (OutputException e) {
            return Execution.failed(null, e.getMessage(), null, answered.startedAt());
        }
        return Execution.succeeded(null, outputs, answered.startedAt());
    }

    private Execution runCommand(RunRequest request, ActiveRun run, Path runDir, Instant startedAt)
            throws RunSetupException, IOException {
        RunSpec spec = request.spec();
        Map<String, Object> values = RunValues.of(request, runDir);
        TemplateFiles.render(spec.files(), values, runDir);
        CommandLine commandLine = CommandLine.render(spec, values);

        CommandProcess started;
        try {
            started = CommandProcess.start(commandLine, runDir, runDir.resolve(OutputSpec.STDOUT),
                    runDir.resolve(OutputSpec.STDERR), runEnvironment, commandLine.environment());
        } catch (IOException e) {
            return Execution.failed(null, "cannot start program '" + commandLine.program() + "': "
                    + CommandProcess.reason(e), null, startedAt);
        }
        started.attachTo(run);
        Process process = started.process();
        Execution ended;
        try {
            ended = awaitEnd(request, run, process, startedAt);
        } finally {
            // however the command ended, and before its outputs are read (ProcessTree.killLeftovers says why)
            killLeftovers(request.ref(), started);
        }
        return ended != null ? ended : collect(request, process.exitValue(), runDir, startedAt);
    }

    /**
     * Whatever the command left running is killed once it has ended: a leftover would hold the host's resources
     * after the slot is free, and could still write into the run directory while its outputs are parsed or after its
     * files were listed.
     */
    private static void killLeftovers(RunRef ref, CommandProcess started) {
        int killed = started.killLeftovers();
        if (killed > 0) {
            LOG.infof("%s: killed %d processes its command left running", ref, killed);
        }
    }

    /** Waits for the command to end; the execution when it did not exit by itself (timeout, cancel), else null. */
    private Execution awaitEnd(RunRequest request, ActiveRun run, Process process, Instant startedAt) {
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
        ActiveRun.Stop stop = run.stopCarriedOut(STOP_WAIT_MARGIN);
        return stop == null ? null : Execution.ended(RunOutcome.CANCELLED, stop.error(), startedAt);
    }

    private Execution collect(RunRequest request, int exitCode, Path runDir, Instant startedAt) {
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

    /**
     * Adds the references of the files the run leaves behind. A file that cannot be read fails the run: its result
     * would otherwise claim files nobody can vouch for.
     */
    private Execution withKeptFiles(RunRequest request, Execution execution, Path executedIn, Path runDir) {
        RunRef ref = request.ref();
        try {
            if (!executedIn.equals(runDir) || RunSpec.KEEP_PATTERNS.equals(request.spec().keep())) {
                RunFiles.settle(request.spec(), executedIn, runDir);
            }
            KeptFiles kept = keptFiles.of(runDir);
            if (kept.omitted() > 0) {
                LOG.warnf("%s left %d files; the first %d are listed in its result, %d are not (max-kept-files)",
                        ref, kept.files().size() + kept.omitted(), kept.files().size(), kept.omitted());
            }
            return execution.withKept(kept);
        } catch (IOException e) {
            return Execution.failed(execution.exitCode(), e.getMessage(), execution.stderrTail(),
                    execution.startedAt()).withSteps(execution.steps());
        }
    }

    private String stderrTail(Path runDir) {
        return StderrTail.of(runDir.resolve(OutputSpec.STDERR), stderrTailLines);
    }

    private void deleteQuietly(RunRef ref, Path runDir) {
        try {
            directories.delete(runDir);
        } catch (IOException e) {
            LOG.warnf("%s: cannot delete run directory %s (keep, scratch): %s", ref, runDir, e);
        }
    }
}
