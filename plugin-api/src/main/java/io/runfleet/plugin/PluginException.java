package io.runfleet.plugin;

/**
 * What a plugin throws when it cannot do its work for one run (a missing file, a bad option, a failed computation).
 * The run fails with this message, prefixed with what the plugin was doing; make it say what was wrong and how to
 * fix it.
 */
public class PluginException extends Exception {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
