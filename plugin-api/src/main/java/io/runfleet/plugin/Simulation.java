package io.runfleet.plugin;

import java.nio.file.Path;
import java.util.Map;

/**
 * A simulation computed in the agent's own JVM, without a process per run: for models written in Java (or any JVM
 * language) and cheap enough that starting a process would cost more than the run. A study names it as
 * {@code template.simulation: NAME}. Registered in a jar's {@code META-INF/services/io.runfleet.plugin.Simulation}.
 * An instance serves every run of the agent at once, from several threads.
 */
public interface Simulation {

    /** The name studies use; unique among the step plugins and simulations of one agent. */
    String name();

    /**
     * @param params the run's parameters, by name
     * @param runDir the run's directory, for files the simulation writes (outputs of other kinds may parse them)
     * @return the run's outputs, by name: strings, numbers, booleans, lists and maps of them
     * @throws PluginException when the run fails; its message becomes the run's error
     */
    Map<String, Object> simulate(Map<String, Object> params, Path runDir) throws PluginException;
}
