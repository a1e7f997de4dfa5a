package io.runfleet.agent.plugin;

import io.runfleet.plugin.PluginException;
import io.runfleet.plugin.Simulation;
import io.runfleet.plugin.StepContext;
import io.runfleet.plugin.StepPlugin;
import io.runfleet.wire.StepSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs a step that names a plugin ({@link StepSpec#plugin()}): a {@link StepPlugin}, or a {@link Simulation} whose
 * answer becomes outputs of the run. On the run's own thread, in the agent's JVM: a plugin cannot be killed, only
 * asked to stop through {@link StepContext#cancelled()}.
 */
public final class PluginSteps {

    private final PluginRegistry registry;

    public PluginSteps(PluginRegistry registry) {
        this.registry = registry;
    }

    public static PluginSteps none() {
        return new PluginSteps(PluginRegistry.empty());
    }

    /**
     * @param params      the run's parameters
     * @param environment what a command of the run would get
     * @param cancelled   true once the run is cancelled or past its timeout
     * @return the outputs the step made: a simulation's answer; empty for a step plugin
     * @throws PluginStepException naming the step, the plugin and what went wrong (an unknown plugin: the agent's
     *                             plugin path too)
     */
    public Map<String, Object> run(StepSpec step, Map<String, Object> params, Path runDir,
                                   Map<String, String> environment, BooleanSupplier cancelled)
            throws PluginStepException {
        String prefix = "step '" + step.name() + "': ";
        Object plugin;
        try {
            plugin = registry.runnable(step.plugin());
        } catch (UnknownPluginException e) {
            throw new PluginStepException(prefix + e.getMessage());
        }
        try {
            if (plugin instanceof Simulation simulation) {
                Map<String, Object> outputs = simulation.simulate(Collections.unmodifiableMap(new LinkedHashMap<>(params)), runDir);
                return outputs == null ? Map.of() : outputs;
            }
            ((StepPlugin) plugin).run(new Context(runDir, Collections.unmodifiableMap(new LinkedHashMap<>(params)), step.options(),
                    Map.copyOf(environment), cancelled));
            return Map.of();
        } catch (PluginException e) {
            throw new PluginStepException(prefix + "plugin '" + step.plugin() + "' failed: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new PluginStepException(prefix + "plugin '" + step.plugin() + "' broke: " + e);
        }
    }

    private record Context(Path runDir, Map<String, Object> params, Map<String, Object> options,
                           Map<String, String> environment, BooleanSupplier cancel) implements StepContext {

        @Override
        public boolean cancelled() {
            return cancel.getAsBoolean();
        }
    }
}
