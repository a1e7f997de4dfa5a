package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * How each run executes, as written in the study; becomes a {@link io.runfleet.wire.RunSpec}.
 *
 * @param plugin     instead of a command, a step plugin of the agents' plugin path, run in the agent
 * @param simulation instead of a command, a simulation of the agents' plugin path, run in the agent's JVM
 * @param options    the plugin's or simulation's options
 */
public record TemplateDocument(
        LinkedHashMap<String, String> files,
        String directory,
        List<String> command,
        Boolean shell,
        String builtin,
        LinkedHashMap<String, String> environment,
        String timeout,
        String keep,
        String plugin,
        String simulation,
        LinkedHashMap<String, Object> options) {

    /** A template without plugin fields. */
    public TemplateDocument(LinkedHashMap<String, String> files, String directory, List<String> command,
                            Boolean shell, String builtin, LinkedHashMap<String, String> environment, String timeout,
                            String keep) {
        this(files, directory, command, shell, builtin, environment, timeout, keep, null, null, null);
    }
}
