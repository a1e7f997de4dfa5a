package io.runfleet.agent.execution;

import io.runfleet.wire.KeptFiles;
import io.runfleet.wire.RunOutcome;
import java.time.Instant;
import java.util.Map;

/**
 * How one attempt went on this agent, before it is wrapped into a {@code RunResult}.
 *
 * @param exitCode   the command's exit code; null when no command ran or it was killed
 * @param error      one line saying why the outcome is not SUCCEEDED; null when it is
 * @param stderrTail the last lines of stderr of a failed command; null otherwise
 * @param kept       references to the files left in the run directory; null when none are kept
 */
public record Execution(
        RunOutcome outcome,
        Integer exitCode,
        Map<String, Object> outputs,
        String error,
        String stderrTail,
        Instant startedAt,
        Instant endedAt,
        KeptFiles kept) {

    public Execution {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** An execution without kept files. */
    public Execution(RunOutcome outcome, Integer exitCode, Map<String, Object> outputs, String error,
                     String stderrTail, Instant startedAt, Instant endedAt) {
        this(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, null);
    }

    Execution withKept(KeptFiles files) {
        return new Execution(outcome, exitCode, outputs, error, stderrTail, startedAt, endedAt, files);
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
