package io.runfleet.scheduler.api;

import io.runfleet.wire.RunSpec;
import io.runfleet.wire.StepSpec;
import io.runfleet.wire.template.RunRendering;
import io.runfleet.wire.template.TemplateException;
import java.util.List;
import java.util.Map;

/**
 * One named step of a rendered run ({@link RenderedRun#steps()}): its command and environment rendered with the
 * run's values as the agent renders them, through the same short-form spec ({@link RunRendering#stepSpec}).
 *
 * @param when          {@code success} or {@code always}, as the study wrote it
 * @param timeoutMillis the step's own limit; 0 when only the run's applies
 * @param builtin       the agent's in-process step; null otherwise
 * @param plugin        the plugin of the agent's plugin path that runs the step; null otherwise
 * @param options       the plugin's options as the study wrote them (the agent does not render them)
 * @param command       the program and its arguments (with {@code shell}: {@code sh -c ...}); empty for a builtin
 *                      or a plugin
 * @param environment   the step's own extra variables, over the run's {@link RenderedRun#environment()}
 */
public record RenderedStep(String name, String when, long timeoutMillis, String builtin, String plugin,
                           Map<String, Object> options, boolean shell, List<String> command,
                           Map<String, String> environment) {

    /** @throws TemplateException naming the step, as the agent's failure of it would ({@code step 'pre': ...}) */
    static RenderedStep of(StepSpec step, Map<String, Object> values) {
        try {
            RunSpec spec = RunRendering.stepSpec(step);
            return new RenderedStep(step.name(), step.when(), step.timeoutMillis(), step.builtin(), step.plugin(),
                    step.options(), step.shell(), RunRendering.arguments(spec, values),
                    RunRendering.environment(spec, values));
        } catch (TemplateException e) {
            throw new TemplateException("step '" + step.name() + "': " + e.getMessage());
        }
    }
}
