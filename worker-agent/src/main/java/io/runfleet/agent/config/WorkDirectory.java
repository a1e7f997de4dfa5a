package io.runfleet.agent.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an agent's run directories go. A configured {@code runfleet.agent.work-dir} is used as given. Without one,
 * each agent gets a directory of its own, {@code <data-home>/runfleet/work/<agent-id>}, with {@code <data-home>} the
 * XDG data directory ({@code $XDG_DATA_HOME}, else {@code ~/.local/share}). Not a directory relative to the current
 * one: several agents started in one directory (a Slurm node's tasks) would share it, and a study's git work tree
 * would list it as an uncommitted change, which then marks every later submission from that tree as dirty.
 */
public final class WorkDirectory {

    static final String KEY = "runfleet.agent.work-dir";
    /** An agent id becomes one directory name: anything else is replaced, so it cannot climb out or nest. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    private WorkDirectory() {
    }

    /** This process's work directory, from its configuration, environment and system properties. */
    public static Path of(AgentConfig config) {
        return resolve(config.workDir(), config.agentId(), System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(Optional<Path> configured, String agentId, Map<String, String> environment, String userHome) {
        if (configured.isPresent()) {
            return configured.get().toAbsolutePath().normalize();
        }
        return dataHome(environment, userHome).resolve("runfleet").resolve("work").resolve(directoryName(agentId));
    }

    /** The XDG base directory rule: a relative {@code XDG_DATA_HOME} is invalid and ignored. */
    private static Path dataHome(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).normalize();
        }
        if (userHome == null || userHome.isBlank() || !Path.of(userHome).isAbsolute()) {
            throw new IllegalStateException("no home directory to put this agent's run directories in (user.home is '"
                    + userHome + "', XDG_DATA_HOME unset); set " + KEY + " (runfleet agent --work-dir DIR)");
        }
        return Path.of(userHome).resolve(".local").resolve("share");
    }

    static String directoryName(String agentId) {
        String name = UNSAFE.matcher(agentId).replaceAll("_");
        return name.equals(".") || name.equals("..") ? name.replace('.', '_') : name;
    }
}
