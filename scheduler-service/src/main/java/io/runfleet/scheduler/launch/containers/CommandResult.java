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

    /** The command and its answer, for an error message, with the fix where the answer is a known one. */
    String describe() {
        String output = (stderr.isBlank() ? stdout : stderr).strip();
        return "`" + String.join(" ", command) + "` exited with " + exitCode + (output.isEmpty() ? "" : ": " + output)
                + hint(output);
    }

    /**
     * An engine asks for more open files and processes than some hosts let a container have (containers inside a
     * container or a restricted namespace); runc then fails every start the same way, whatever the image.
     */
    private static String hint(String output) {
        if (output.contains("error setting rlimit")) {
            return ". This host does not let containers have the engine's default limits on open files and processes:"
                    + " give the engine a configuration with lower default_ulimits (deploy/podman/containers.conf"
                    + " has one) in runfleet.containers.containers-conf or the CONTAINERS_CONF environment variable";
        }
        return "";
    }
}
