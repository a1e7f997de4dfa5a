package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/** How each run executes, as written in the study; becomes a {@link io.runfleet.wire.RunSpec}. */
public record TemplateDocument(
        LinkedHashMap<String, String> files,
        String directory,
        List<String> command,
        Boolean shell,
        String builtin,
        LinkedHashMap<String, String> environment,
        String timeout,
        String keep) {
}
