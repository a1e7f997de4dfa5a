package io.runfleet.scheduler.launch;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a local agent's pid file says: who started it for which study, its pid and when the process started. The
 * start time tells the agent's process from a later one that got the same pid after it ended.
 */
record PidFile(String schedulerId, String studyId, String agentId, long pid, Instant started) {

    /** Start times are kept to the millisecond and read back from /proc to about 10 ms: a second apart is another process. */
    private static final long SAME_START_MILLIS = 1_000;

    static Path of(Path dir, String agentId) {
        return dir.resolve(agentId + ".pid");
    }

    void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("scheduler", schedulerId);
        properties.setProperty("study", studyId);
        properties.setProperty("agent", agentId);
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("started", started.toString());
        try {
            Files.createDirectories(file.getParent());
            StringWriter text = new StringWriter();
            properties.store(text, "a local agent started by the scheduler " + schedulerId);
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid file's contents; empty when it is unreadable (half written by a crash), which is logged by the caller. */
    static Optional<PidFile> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return Optional.of(new PidFile(properties.getProperty("scheduler"), properties.getProperty("study"),
                    properties.getProperty("agent"), Long.parseLong(properties.getProperty("pid")),
                    Instant.parse(properties.getProperty("started"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The agent's process, if it is still the one this file names. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant()
                        .map(start -> Math.abs(start.toEpochMilli() - started.toEpochMilli()) < SAME_START_MILLIS)
                        .orElse(false));
    }
}
