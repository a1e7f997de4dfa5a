package io.runfleet.wire;

import java.util.List;
import java.util.Map;

/**
 * One named step of a run ({@code pre}, {@code simulate}, {@code post} or any name), executed in order in the run's
 * directory. Exactly one of {@code command}, {@code builtin} and {@code plugin} is set.
 *
 * @param name          unique within the run; a failure names it
 * @param command       argument list with {@code {{ name }}} placeholders; never through a shell unless {@code shell}
 * @param shell         run {@code command} (joined) with {@code sh -c}
 * @param builtin       an in-process step of the agent ({@code noop}); null otherwise
 * @param plugin        a step registered by this name on the agent's plugin path; null otherwise
 * @param options       the plugin's options, as the study wrote them (strings, numbers, booleans, lists, maps)
 * @param environment   extra environment variables of this step, over the run's own; values may hold placeholders
 * @param timeoutMillis wall-clock limit of this step; 0 means the run's limit alone applies
 * @param when          {@link #WHEN_SUCCESS}: only while every step before succeeded; {@link #WHEN_ALWAYS}: also after
 *                      a failure (collecting logs), but not after a cancellation
 */
public record StepSpec(
        String name,
        List<String> command,
        boolean shell,
        String builtin,
        String plugin,
        Map<String, Object> options,
        Map<String, String> environment,
        long timeoutMillis,
        String when) {

    public static final String WHEN_SUCCESS = "success";
    public static final String WHEN_ALWAYS = "always";
    /** The name of the one step a short-form template ({@code template.command}) means. */
    public static final String SIMULATE = "simulate";

    public StepSpec {
        command = NullFree.list(command, "command");
        options = options == null ? Map.of() : options;
        environment = NullFree.map(environment, "environment");
        when = when == null ? WHEN_SUCCESS : when;
    }
}
