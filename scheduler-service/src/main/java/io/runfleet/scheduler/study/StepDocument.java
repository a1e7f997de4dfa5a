package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One named step of {@code template.steps}, as written in the study; becomes a {@link io.runfleet.wire.StepSpec}.
 * Exactly one of {@code command}, {@code builtin} and {@code plugin} is given.
 *
 * @param when {@code success} (the default) or {@code always}
 */
public record StepDocument(
        String name,
        List<String> command,
        Boolean shell,
        String builtin,
        String plugin,
        LinkedHashMap<String, Object> options,
        LinkedHashMap<String, String> environment,
        String timeout,
        String when) {
}
