package io.runfleet.agent.execution;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.agent.output.OutputException;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.plugin.PluginStepException;
import io.runfleet.agent.plugin.PluginSteps;
import io.runfleet.agent.process.Durations;
import io.runfleet.agent.process.ProcessTree;
import io.runfleet.agent.process.StderrTail;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepRecord;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.template.RunRendering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Executes the named steps of a run ({@code spec.steps}) in order in its directory. Each step is a process of its own
 * (or a builtin), with its streams in {@code <step>.stdout} and {@code <step>.stderr}, its own timeout (the run's
 * timeout still bounding them all) and its environment over the run's. Once a step failed or timed out, only the
 * steps marked {@code when: always} still run; after a cancellation or the run's own timeout none does. The outputs
 * are parsed after the last step, and only when every step succeeded.
 * <p>
 * {@code stdout} and {@code stderr} in the run directory are copies of the streams of the step named
 * {@code simulate}, or of the last step that ran when none has that name, so that a regex output on {@code stdout}
 * reads what it reads in the short form.
 */
final class StepSequence {

    /** Step names become file names. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Logger LOG = Logger.getLogger(StepSequence.class);

    private final OutputParsers parsers;
    private final int stderrTailLines;
    private final Map<String, String> runEnvironment;
    private final Duration stopWait;
    /** The agent's plugins, for steps that name one; read per step, since the agent sets them after start. */
    private final Supplier<PluginSteps> plugins;

    /** @param stopWait how long a stopped run's result waits at most for its stop to be carried out */
    StepSequence(OutputParsers parsers, int stderrTailLines, Map<String, String> runEnvironment, Duration stopWait,
                 Supplier<PluginSteps> plugins) {
        this.plugins = plugins;
        this.parsers = parsers;
        this.stderrTailLines = stderrTailLines;
        this.runEnvironment = runEnvironment;
        this.stopWait = stopWait;
    }

    static String streamFile(StepSpec step, String stream) {
        return step.name() + "." + stream;
    }

    /** How one step ended: its record, and the run's error when it did not succeed. */
    private record Ended(StepRecord record, String error, String stderrTail, boolean stopsAll) {
        boolean succeeded() {
            return record.outcome() == RunOutcome.SUCCEEDED;
        }
    }

    Execution execute(RunRequest request, ActiveRun run, Path runDir, Instant startedAt)
            throws RunSetupException, IOException {
        RunSpec spec = request.spec();
        for (StepSpec step : spec.steps()) {
            if (step.name() == null || !SAFE_NAME.matcher(step.name()).matches()) {
                throw new RunSetupException("spec.steps: '" + step.name() + "' cannot name a step; use letters, "
                        + "digits, '_', '.' and '-'");
            }
            if (!StepSpec.WHEN_SUCCESS.equals(step.when()) && !StepSpec.WHEN_ALWAYS.equals(step.when())) {
                throw new RunSetupException("spec.steps: step '" + step.name() + "' has when '" + step.when()
                        + "'; use success or always");
            }
        }
        Map<String, Object> values = RunValues.of(request, runDir);
        TemplateFiles.render(spec.files(), values, runDir);
        Map<String, String> environment = CommandLine.environment(spec, values);
        long deadline = spec.timeoutMillis() > 0 ? System.nanoTime() + spec.timeoutMillis() * 1_000_000 : 0;

        List<StepRecord> records = new ArrayList<>();
        Map<String, Object> pluginOutputs = new LinkedHashMap<>();
        Ended failure = null;
        boolean stopped = false;
        StepSpec streams = null;
        for (StepSpec step : spec.steps()) {
            if (stopped || (failure != null && !StepSpec.WHEN_ALWAYS.equals(step.when()))) {
                continue;
            }
            ActiveRun.Stop stop = run.stop();
            if (stop != null) {
                failure = new Ended(new StepRecord(step.name(), RunOutcome.CANCELLED, null, 0), stop.error(), null,
                        true);
                break;
            }
            Ended ended = step.plugin() != null
                    ? runPlugin(request, run, step, values, environment, runDir, deadline, pluginOutputs)
                    : runStep(request, run, step, values, environment, runDir, deadline);
            records.add(ended.record());
            if (streams == null || !StepSpec.SIMULATE.equals(streams.name())) {
                streams = step;
            }
            if (!ended.succeeded() && (failure == null || ended.record().outcome() == RunOutcome.CANCELLED)) {
                failure = ended;
            }
            stopped = ended.stopsAll();
        }
        if (streams != null) {
            copyStreams(streams, runDir);
        }
        Execution execution = outcome(spec, failure, records, pluginOutputs, runDir, startedAt);
        return execution.withSteps(records);
    }

    /**
     * A step run by a plugin in this JVM: it cannot be killed, so the run's timeout and a cancel reach it through its
     * cancellation check, and are applied when it returns. A simulation's answer joins the run's outputs.
     */
    private Ended runPlugin(RunRequest request, ActiveRun run, StepSpec step, Map<String, Object> values,
                            Map<String, String> runEnv, Path runDir, long deadline, Map<String, Object> outputs) {
        long started = System.nanoTime();
        long stepDeadline = step.timeoutMillis() > 0 ? started + step.timeoutMillis() * 1_000_000 : 0;
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.putAll(runEnvironment);
        environment.putAll(runEnv);
        try {
            // the step's own variables are templates, as a command step's are
            environment.putAll(CommandLine.environment(RunRendering.stepSpec(step), values));
        } catch (RunSetupException e) {
            return setupFailed(step, started, e);
        }
        BooleanSupplier late = () -> deadline > 0 && System.nanoTime() > deadline
                || stepDeadline > 0 && System.nanoTime() > stepDeadline;
        try {
            outputs.putAll(plugins.get().run(step, request.params(), runDir, environment,
                    () -> run.stop() != null || late.getAsBoolean()));
        } catch (PluginStepException e) {
            return new Ended(record(step, RunOutcome.FAILED, null, started), e.getMessage(), null, false);
        }
        if (run.stop() != null) {
            return new Ended(record(step, RunOutcome.CANCELLED, null, started), run.stop().error(), null, true);
        }
        if (late.getAsBoolean()) {
            return new Ended(record(step, RunOutcome.TIMED_OUT, null, started), "step '" + step.name()
                    + "' timed out (plugin '" + step.plugin() + "' returned late)", null, false);
        }
        return new Ended(record(step, RunOutcome.SUCCEEDED, null, started), null, null, false);
    }

    private Execution outcome(RunSpec spec, Ended failure, List<StepRecord> records,
                              Map<String, Object> pluginOutputs, Path runDir, Instant startedAt) {
        if (failure != null) {
            RunOutcome outcome = failure.record().outcome();
            return new Execution(outcome, outcome == RunOutcome.FAILED ? failure.record().exitCode() : null, Map.of(),
                    failure.error(), failure.stderrTail(), startedAt, Instant.now());
        }
        Integer exitCode = records.isEmpty() ? null : records.get(records.size() - 1).exitCode();
        try {
            Map<String, Object> outputs = new LinkedHashMap<>(pluginOutputs);
            outputs.putAll(parsers.parseAll(spec.outputs(), runDir)); // a parsed output of the same name wins
            return Execution.succeeded(exitCode, outputs, startedAt);
        } catch (OutputException e) {
            return Execution.failed(exitCode, e.getMessage(), null, startedAt);
        }
    }

    private Ended runStep(RunRequest request, ActiveRun run, StepSpec step, Map<String, Object> values,
                          Map<String, String> runEnv, Path runDir, long deadline) {
        long started = System.nanoTime();
        if (step.builtin() != null) {
            if (RunExecutor.BUILTIN_NOOP.equals(step.builtin())) {
                return new Ended(record(step, RunOutcome.SUCCEEDED, null, started), null, null, false);
            }
            return new Ended(record(step, RunOutcome.FAILED, null, started), "step '" + step.name() + "': builtin '"
                    + step.builtin() + "' is unknown; this agent has " + RunExecutor.BUILTIN_NOOP, null, false);
        }
        CommandLine commandLine;
        try {
            commandLine = CommandLine.render(RunRendering.stepSpec(step), values);
        } catch (RunSetupException e) {
            return setupFailed(step, started, e);
        }
        CommandProcess command;
        try {
            command = CommandProcess.start(commandLine, runDir, runDir.resolve(streamFile(step, OutputSpec.STDOUT)),
                    runDir.resolve(streamFile(step, OutputSpec.STDERR)), runEnvironment, runEnv,
                    commandLine.environment());
        } catch (IOException e) {
            return new Ended(record(step, RunOutcome.FAILED, null, started), "step '" + step.name()
                    + "': cannot start program '" + commandLine.program() + "': " + CommandProcess.reason(e), null,
                    false);
        }
        command.attachTo(run);
        Process process = command.process();
        try {
            return awaitStep(request, run, step, process, runDir, deadline, started);
        } finally {
            int killed = command.killLeftovers();
            if (killed > 0) {
                LOG.infof("%s: killed %d processes step '%s' left running", request.ref(), killed, step.name());
            }
        }
    }

    private Ended awaitStep(RunRequest request, ActiveRun run, StepSpec step, Process process, Path runDir,
                            long deadline, long started) {
        long runLeft = deadline == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        boolean runLimit = deadline != 0 && (step.timeoutMillis() == 0 || runLeft < step.timeoutMillis());
        long limit = runLimit ? runLeft : step.timeoutMillis();
        try {
            if (limit > 0 && !process.waitFor(limit, TimeUnit.MILLISECONDS)) {
                int killed = ProcessTree.kill(process);
                String error = runLimit
                        ? "timed out after " + Durations.text(request.spec().timeoutMillis()) + " in step '"
                        + step.name() + "'; killed " + killed + " processes"
                        : "step '" + step.name() + "' timed out after " + Durations.text(step.timeoutMillis())
                        + "; killed " + killed + " processes";
                return new Ended(record(step, RunOutcome.TIMED_OUT, null, started), error, null, runLimit);
            }
            process.waitFor();
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            Thread.currentThread().interrupt();
            return new Ended(record(step, RunOutcome.CANCELLED, null, started),
                    "interrupted while waiting for step '" + step.name() + "'", null, true);
        }
        ActiveRun.Stop stop = run.stopCarriedOut(stopWait);
        if (stop != null) {
            return new Ended(record(step, RunOutcome.CANCELLED, null, started), stop.error(), null, true);
        }
        int exitCode = process.exitValue();
        if (exitCode == 0) {
            return new Ended(record(step, RunOutcome.SUCCEEDED, 0, started), null, null, false);
        }
        String tail = StderrTail.of(runDir.resolve(streamFile(step, OutputSpec.STDERR)), stderrTailLines);
        return new Ended(record(step, RunOutcome.FAILED, exitCode, started),
                FailureReason.stepExit(step.name(), exitCode, tail), tail, false);
    }

    /** A step whose command or environment could not be rendered: FAILED, naming the step. */
    private static Ended setupFailed(StepSpec step, long startedNanos, RunSetupException e) {
        return new Ended(record(step, RunOutcome.FAILED, null, startedNanos), "step '" + step.name() + "': "
                + e.getMessage(), null, false);
    }

    private static StepRecord record(StepSpec step, RunOutcome outcome, Integer exitCode, long startedNanos) {
        return new StepRecord(step.name(), outcome, exitCode, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private static void copyStreams(StepSpec step, Path runDir) throws IOException {
        for (String stream : List.of(OutputSpec.STDOUT, OutputSpec.STDERR)) {
            Path source = runDir.resolve(streamFile(step, stream));
            if (Files.exists(source)) {
                Files.copy(source, runDir.resolve(stream), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
