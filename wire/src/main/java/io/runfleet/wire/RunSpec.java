package io.runfleet.wire;

import java.util.List;
import java.util.Map;

/**
 * How to execute the runs of a study: the same for every run of it, carried inside each
 * {@link RunRequest} so that an agent needs nothing but the request.
 *
 * @param command        argument list; each element may hold {@code {{ name }}} placeholders. Never
 *                       passed through a shell unless {@code shell} is true.
 * @param shell          run {@code command} (joined) with {@code sh -c}; only when the study asks for it
 * @param builtin        instead of a command, an in-process step of the agent ({@code noop}); null for a command
 * @param environment    extra environment variables; values may hold placeholders
 * @param files          template files (relative path to content) rendered into each run's directory
 * @param timeoutMillis  wall-clock limit of the command; 0 means none
 * @param outputs        what to parse into the run's outputs
 * @param keep           which files of the work directory to keep after the run: {@code all} or {@code none}
 */
public record RunSpec(
        List<String> command,
        boolean shell,
        String builtin,
        Map<String, String> environment,
        Map<String, String> files,
        long timeoutMillis,
        List<OutputSpec> outputs,
        String keep) {

    public RunSpec {
        command = NullFree.list(command, "command");
        environment = NullFree.map(environment, "environment");
        files = NullFree.map(files, "files");
        outputs = NullFree.list(outputs, "outputs");
        keep = keep == null ? "all" : keep;
    }
}
