package io.runfleet.agent.plugin;

/** A study names a plugin this agent does not have; the message names the plugin and the agent's plugin path. */
public class UnknownPluginException extends Exception {

    public UnknownPluginException(String message) {
        super(message);
    }
}
