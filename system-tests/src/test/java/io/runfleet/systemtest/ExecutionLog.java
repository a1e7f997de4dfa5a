package io.runfleet.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A side-effect file that every execution of a run appends one line to, {@code <run id> <attempt>}: the count
 * of executions a fault caused, which the results service alone cannot tell (a run may execute twice and be
 * stored once). A study's command writes to it through {@link #appendCommand()} with the file's path in the
 * environment variable {@value #VARIABLE} ({@link #environment()}).
 */
final class ExecutionLog {

    static final String VARIABLE = "EXECUTIONS";

    private final Path file;

    private ExecutionLog(Path file) {
        this.file = file;
    }

    /** A log in {@code dir}; the directory must exist. */
    static ExecutionLog in(Path dir) {
        return new ExecutionLog(dir.resolve("executions.log"));
    }

    Path file() {
        return file;
    }

    /**
     * Shell text that appends this execution's line, for a study's {@code sh -c} command. One {@code echo} of a
     * short line is one {@code write(2)} to a file opened for appending, so lines of concurrent runs never mix.
     */
    static String appendCommand() {
        return "echo \"{{ run.id }} {{ run.attempt }}\" >> \"$" + VARIABLE + "\"";
    }

    /** The study's {@code template.environment} entry, as YAML flow text: {@code EXECUTIONS: '<path>'}. */
    String environment() {
        return VARIABLE + ": '" + file + "'";
    }

    List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution log " + file, e);
        }
    }

    /** Executions per run id. */
    Map<String, Long> perRun() {
        return lines().stream().filter(line -> !line.isBlank()).map(line -> line.split(" ")[0])
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
