package io.runfleet.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process, by PID, is still running on this machine. */
final class ProcessLiveness {

    private ProcessLiveness() {
    }

    /**
     * True while the process exists and is not a zombie. A killed orphan is re-parented to PID 1, which
     * in a container may never reap it: the zombie has stopped running, which is what matters here.
     */
    static boolean isRunning(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (Files.exists(stat)) {
            try {
                String content = Files.readString(stat);
                // Format: pid (comm) state ...; comm may contain spaces and parentheses, so read after the last ')'.
                String afterName = content.substring(content.lastIndexOf(')') + 1).trim();
                return !afterName.startsWith("Z") && !afterName.startsWith("X");
            } catch (IOException e) {
                return false; // vanished between the check and the read
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
