package io.runfleet.cli.launch;

import io.runfleet.wire.template.ShellQuoting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A command line this CLI hands to {@code bin/runfleet} to {@code exec} in its place, so that the process the user
 * started becomes that command: one process instead of a launcher JVM waiting beside its child, with the same pid,
 * so signals (Ctrl-C, {@code kill}, Slurm's) and the exit code are the command's own. The script names a file in
 * {@value #VARIABLE}; the CLI writes the command there as one line of single-quoted shell words, which the script
 * turns back into its arguments with {@code eval "set -- $(cat FILE)"}: exact for any argument, with no NUL bytes
 * that a POSIX shell could not hold.
 */
public final class ExecHandover {

    public static final String VARIABLE = "RUNFLEET_EXEC_FILE";

    private final Path file;

    private ExecHandover(Path file) {
        this.file = file;
    }

    /** The hand-over {@code bin/runfleet} asked for, or empty when the CLI was started otherwise. */
    public static Optional<ExecHandover> requested(Map<String, String> environment) {
        String file = environment.get(VARIABLE);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(new ExecHandover(Path.of(file)));
    }

    public void write(List<String> command) {
        try {
            Files.writeString(file, shellWords(command) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the command line to " + file + " (" + VARIABLE + "): "
                    + e.getMessage(), e);
        }
    }

    static String shellWords(List<String> command) {
        return command.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }
}
