package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * How each run executes, as written in the study; becomes a {@link io.runfleet.wire.RunSpec}.
 *
 * @param keep    {@code all}, {@code none}, {@code failed}, or a list of glob patterns
 * @param steps   named steps instead of {@code command} or {@code builtin}
 * @param scratch {@code tmpdir} or an absolute path: where each run executes before its kept files are copied back
 * @param worker  a persistent worker: its argument list, or {@code {command, recycleAfter}} ({@link WorkerValidator})
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
        Object keep,
        List<StepDocument> steps,
        String scratch,
        Object worker,
        String plugin,
        String simulation,
        LinkedHashMap<String, Object> options) {

    /** A template of the short form, without steps, scratch, worker or plugin. */
    public TemplateDocument(LinkedHashMap<String, String> files, String directory, List<String> command,
                            Boolean shell, String builtin, LinkedHashMap<String, String> environment, String timeout,
                            Object keep) {
        this(files, directory, command, shell, builtin, environment, timeout, keep, null, null, null, null, null, null);
    }
}
