package io.runfleet.agent.plugin;

/** A plugin step that failed, or names a plugin the agent does not have; terminal for the attempt. */
public class PluginStepException extends Exception {

    public PluginStepException(String message) {
        super(message);
    }
}
