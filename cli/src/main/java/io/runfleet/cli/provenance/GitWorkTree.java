package io.runfleet.cli.provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What git says about the work tree a directory lies in: the commit checked out and whether anything is not
 * committed. Without git on the PATH, outside a work tree or in one without commits, there is nothing to say; that
 * is never an error.
 */
final class GitWorkTree {

    /** The state of a work tree; {@code dirty} is null when git could not tell. */
    record State(String commit, Boolean dirty) {
    }

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final long TIMEOUT_SECONDS = 10;

    private GitWorkTree() {
    }

    static Optional<State> of(Path directory) {
        Optional<String> head = run(directory, "rev-parse", "HEAD").map(String::strip)
                .filter(text -> COMMIT.matcher(text).matches());
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Boolean dirty = run(directory, "status", "--porcelain").map(text -> !text.isBlank()).orElse(null);
        return Optional.of(new State(head.get(), dirty));
    }

    /** git's standard output, or empty when git is missing, fails or hangs. */
    private static Optional<String> run(Path directory, String... arguments) {
        Path output = null;
        try {
            output = Files.createTempFile("runfleet-git", ".out");
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
            command.addAll(List.of(arguments));
            // output into a file: a large status cannot fill a pipe and block git while we wait
            Process git = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!git.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            return git.exitValue() == 0 ? Optional.of(Files.readString(output, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind harms nobody
                }
            }
        }
    }
}
