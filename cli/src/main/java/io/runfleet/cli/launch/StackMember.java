package io.runfleet.cli.launch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One process of a stack kept up by {@code runfleet up}, as its state file records it.
 *
 * @param name        {@code scheduler}, {@code results} or the agent's id
 * @param role        what the process is
 * @param pid         its process id
 * @param startedAt   when the operating system started it (epoch milliseconds): a pid alone may by now name another
 *                    process, since the system reuses the pids of ended ones
 * @param address     the service's HTTP URL, or the agent's id
 * @param logFile     its rotated log
 * @param consoleFile its standard output and error: what a JVM prints when it cannot start or crashes
 * @param slots       an agent's runs at once; 0 for a service
 */
public record StackMember(String name, Role role, long pid, long startedAt, String address, String logFile,
                          String consoleFile, int slots) {

    /** In the order a stack starts them: the results service first, so that the scheduler finds it. */
    public enum Role { RESULTS, SCHEDULER, AGENT }

    /** The start time the operating system reports for {@code pid}, if such a process exists. */
    public static Optional<Long> startTimeOf(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant()).map(instant -> instant.toEpochMilli());
    }

    /** Whether this very process still runs: the pid exists, is not a zombie, and started when recorded. */
    @JsonIgnore
    public boolean isRunning() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid)) {
            return false;
        }
        return startTimeOf(pid).map(time -> time == startedAt).orElse(false);
    }

    @JsonIgnore
    public boolean isService() {
        return role != Role.AGENT;
    }

    /**
     * A process that exited but whose parent has not collected it yet: {@link ProcessHandle#isAlive()} still
     * answers true for it. Only Linux says so ({@code /proc/PID/stat}); elsewhere nothing is taken for a zombie.
     */
    static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // "PID (COMMAND) STATE ...": the command may itself hold parentheses, the last one ends it
            int end = line.lastIndexOf(')');
            char state = end >= 0 && end + 2 < line.length() ? line.charAt(end + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
