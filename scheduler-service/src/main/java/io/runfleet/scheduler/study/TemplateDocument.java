package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * How each run executes, as written in the study; becomes a {@link io.runfleet.wire.RunSpec}.
 *
 * @param worker a persistent worker: its argument list, or {@code {command, recycleAfter}} ({@link WorkerValidator})
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
        Object worker) {

    /** A template without a worker. */
    public TemplateDocument(LinkedHashMap<String, String> files, String directory, List<String> command, Boolean shell,
                            String builtin, LinkedHashMap<String, String> environment, String timeout, String keep) {
        this(files, directory, command, shell, builtin, environment, timeout, keep, null);
    }
}
