package io.runfleet.cli.launch;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which data directory a command means: its {@code --data DIR}, else the environment variable {@code RUNFLEET_DATA},
 * else {@code ./runfleet-data}. The stack commands ({@code up}, {@code ps}, {@code down}) and the commands that talk to
 * a stack ({@code submit}, {@code status}, ...) decide alike, so they meet in the same directory.
 */
public final class DataDir {

    public static final String VARIABLE = "RUNFLEET_DATA";
    public static final String DEFAULT = "runfleet-data";

    private DataDir() {
    }

    /** @param option the command's {@code --data}, or null when not given */
    public static Path of(Path option, Map<String, String> environment) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String fromEnvironment = environment.get(VARIABLE);
        return Path.of(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : DEFAULT)
                .toAbsolutePath().normalize();
    }

    /** {@code " --data DIR"} for a hint when a command without it would look elsewhere; else empty. */
    public static String option(Path dataDir, Map<String, String> environment) {
        return of(null, environment).equals(dataDir.toAbsolutePath().normalize()) ? "" : " --data " + dataDir;
    }
}
