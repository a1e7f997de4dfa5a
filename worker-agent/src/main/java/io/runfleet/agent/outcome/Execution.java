package io.runfleet.agent.outcome;

import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one attempt went on this agent, before it is wrapped into a {@code RunResult}.
 *
 * @param exitCode   the command's exit code; null when no command ran or it was killed
 * @param error      one line saying why the outcome is not SUCCEEDED; null when it is
 * @param stderrTail the last lines of stderr of a failed command; null otherwise
 * @param kept       references to the files left in the run directory; null when none are kept
 * @param steps      how each step that ran ended, in order; empty for the short form ({@code command} or builtin)
 */
public record Execution(
        RunOutcome outcome,
        Integer exitCode,
        Map<String, Object> outputs,
        String error,
        String stderrTail,
        Instant startedAt,
        Instant endedAt,
        KeptFiles kept,
        List<StepRecord> steps) {

    public Execution {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** An execution without step records. */
    public Execution(RunOutcome outcome, Integer exitCode, Map<String, Object> outputs, String error,
                     String stderrTail, Instant startedAt, Instant endedAt, KeptFiles kept) {
        this(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, kept, List.of());
    }

    /** An execution without kept files. */
    public Execution(RunOutcome outcome, Integer exitCode, Map<String, Object> outputs, String error,
                     String stderrTail, Instant startedAt, Instant endedAt) {
        this(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, null);
    }

    public Execution withKept(KeptFiles files) {
        return new Execution(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, files, steps);
    }

    public Execution withSteps(List<StepRecord> records) {
        return new Execution(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, kept, records);
    }

    public static Execution succeeded(Integer exitCode, Map<String, Object> outputs, Instant startedAt) {
        return new Execution(RunOutcome.SUCCEEDED, exitCode, outputs, null, null, startedAt, Instant.now());
    }

    public static Execution failed(Integer exitCode, String error, String stderrTail, Instant startedAt) {
        return new Execution(RunOutcome.FAILED, exitCode, Map.of(), error, stderrTail, startedAt, Instant.now());
    }

    public static Execution ended(RunOutcome outcome, String error, Instant startedAt) {
        return new Execution(outcome, null, Map.of(), error, null, startedAt, Instant.now());
    }
}
