package io.runfleet.scheduler.launch.containers;

import java.util.List;
import java.util.Locale;

/** What one engine command answered. */
record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    boolean succeeded() {
        return exitCode == 0;
    }

    /** Docker and podman say "no such container" (or "no such object") for a container that is already gone. */
    boolean saysNoSuchContainer() {
        String text = (stderr + stdout).toLowerCase(Locale.ROOT);
        return text.contains("no such container") || text.contains("no such object");
    }

    /** The command and its answer, for an error message. */
    String describe() {
        String output = (stderr.isBlank() ? stdout : stderr).strip();
        return "`" + String.join(" ", command) + "` exited with " + exitCode + (output.isEmpty() ? "" : ": " + output);
    }
}
