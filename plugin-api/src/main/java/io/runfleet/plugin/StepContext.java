package io.runfleet.plugin;

import java.nio.file.Path;
import java.util.Map;

/** What a {@link StepPlugin} gets for one run. */
public interface StepContext {

    /** The run's directory: its template files are rendered there, and what the step writes stays there. */
    Path runDir();

    /** The run's parameters, by name, as the scheduler sent them (numbers, strings, booleans). */
    Map<String, Object> params();

    /** The step's options as the study wrote them. */
    Map<String, Object> options();

    /** The environment a command of this run would get: the agent's own, then the study's variables. */
    Map<String, String> environment();

    /** True once the run is cancelled or timed out; a step polls it and stops early. */
    boolean cancelled();
}
