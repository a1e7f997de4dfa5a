package io.runfleet.plugin;

/**
 * A step of a run executed inside the agent: a study names it as {@code template.plugin: NAME} or as a step's
 * {@code plugin: NAME}. Registered in a jar's {@code META-INF/services/io.runfleet.plugin.StepPlugin}. An instance
 * serves every run of the agent at once, so keep it free of per-run state.
 */
public interface StepPlugin {

    /** The name studies use; unique among the step plugins and simulations of one agent. */
    String name();

    /**
     * Does the step's work in {@link StepContext#runDir()}. Long work checks {@link StepContext#cancelled()} now and
     * then and returns (or throws) once it is true.
     *
     * @throws PluginException when the step fails; the run fails naming the step and this message
     */
    void run(StepContext context) throws PluginException;
}
