package io.runfleet.wire;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import java.util.Map;

/**
 * How to execute the runs of a study: the same for every run of it, carried inside each
 * {@link RunRequest} so that an agent needs nothing but the request.
 *
 * @param command        argument list; each element may hold {@code {{ name }}} placeholders. Never
 *                       passed through a shell unless {@code shell} is true. The short form of one
 *                       {@link StepSpec#SIMULATE} step; empty when {@code steps} or {@code builtin} is given
 * @param shell          run {@code command} (joined) with {@code sh -c}; only when the study asks for it
 * @param builtin        instead of a command, an in-process step of the agent ({@code noop}); null for a command
 * @param environment    extra environment variables; values may hold placeholders
 * @param files          template files (relative path to content) rendered into each run's directory
 * @param timeoutMillis  wall-clock limit of the whole run (every step); 0 means none
 * @param outputs        what to parse into the run's outputs, after the last step
 * @param keep           which files of the work directory to keep after the run: {@link #KEEP_ALL},
 *                       {@link #KEEP_NONE}, {@link #KEEP_FAILED} (only runs that did not succeed) or
 *                       {@link #KEEP_PATTERNS} (the files {@code keepPatterns} match)
 * @param steps          the run's named steps in order; empty for the short form ({@code command} or {@code builtin}).
 *                       Absent in older requests, which read as empty
 * @param keepPatterns   glob patterns relative to the run directory, for {@link #KEEP_PATTERNS}
 * @param scratch        run in a node-local directory and copy back what {@code keep} names: {@link #SCRATCH_TMPDIR}
 *                       for the agent's {@code $TMPDIR}, or an absolute path; null to run in the work directory
 * @param worker         a persistent worker serving the runs instead of a process per run; null for none
 */
public record RunSpec(
        List<String> command,
        boolean shell,
        String builtin,
        Map<String, String> environment,
        Map<String, String> files,
        long timeoutMillis,
        List<OutputSpec> outputs,
        String keep,
        @JacksonInject(value = "steps", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        List<StepSpec> steps,
        @JacksonInject(value = "keepPatterns", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        List<String> keepPatterns,
        @JacksonInject(value = "scratch", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        String scratch,
        @JacksonInject(value = "worker", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
        WorkerSpec worker) {

    public static final String KEEP_ALL = "all";
    public static final String KEEP_NONE = "none";
    public static final String KEEP_FAILED = "failed";
    public static final String KEEP_PATTERNS = "patterns";
    public static final String SCRATCH_TMPDIR = "tmpdir";

    public RunSpec {
        command = NullFree.list(command, "command");
        environment = NullFree.map(environment, "environment");
        files = NullFree.map(files, "files");
        outputs = NullFree.list(outputs, "outputs");
        keep = keep == null ? KEEP_ALL : keep;
        steps = NullFree.list(steps, "steps");
        keepPatterns = NullFree.list(keepPatterns, "keepPatterns");
    }

    /** A spec of the short form (one command or builtin), without scratch or worker. */
    public RunSpec(List<String> command, boolean shell, String builtin, Map<String, String> environment,
                   Map<String, String> files, long timeoutMillis, List<OutputSpec> outputs, String keep) {
        this(command, shell, builtin, environment, files, timeoutMillis, outputs, keep, null, null, null, null);
    }
}
