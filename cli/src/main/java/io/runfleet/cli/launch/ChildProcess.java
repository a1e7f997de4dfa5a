package io.runfleet.cli.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process this command started. Stopping is graceful first (SIGTERM, so services and agents drain),
 * forceful only after a grace period.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    /** Standard output and error when the process writes its log itself ({@code logFile}); else null. */
    private final Path consoleFile;

    private ChildProcess(String name, Process process, Path logFile, Path consoleFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.consoleFile = consoleFile;
    }

    /** Starts a process whose output (stdout and stderr) goes to {@code logFile}. */
    public static ChildProcess startLogged(String name, List<String> command, Path workingDirectory, Path logFile) {
        return new ChildProcess(name, start(name, command, workingDirectory, logFile), logFile, null);
    }

    /**
     * Starts a process that writes {@code logFile} itself (and rotates it); its standard output and error, where a
     * JVM reports what happened before its logging started or after it broke, go to {@code consoleFile}.
     */
    public static ChildProcess startSelfLogging(String name, List<String> command, Path workingDirectory, Path logFile,
                                                Path consoleFile) {
        return new ChildProcess(name, start(name, command, workingDirectory, consoleFile), logFile, consoleFile);
    }

    private static Process start(String name, List<String> command, Path workingDirectory, Path outputFile) {
        try {
            Files.createDirectories(outputFile.getParent());
            return new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts a process sharing this one's standard streams. */
    public static ChildProcess startInheritingIo(String name, List<String> command) {
        try {
            return new ChildProcess(name, new ProcessBuilder(command).inheritIO().start(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public Integer exitCodeIfExited() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** SIGTERM, wait up to {@code grace}, then kill. Returns the exit code. */
    public int stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last lines of the log, and of the console output when it is apart and not empty, for error messages. */
    public String logTail(int lines) {
        String tail = tail(logFile, lines);
        if (consoleFile != null && Files.isRegularFile(consoleFile) && consoleFile.toFile().length() > 0) {
            tail += System.lineSeparator() + "(and the end of " + consoleFile + ":)" + System.lineSeparator()
                    + tail(consoleFile, lines);
        }
        return tail;
    }

    private static String tail(Path logFile, int lines) {
        if (logFile == null || !Files.isRegularFile(logFile)) {
            return "(no log)";
        }
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            if (all.isEmpty()) {
                return "(the log is empty so far)";
            }
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public Path logFile() {
        return logFile;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
