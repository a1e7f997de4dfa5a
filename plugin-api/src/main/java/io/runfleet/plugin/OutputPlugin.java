package io.runfleet.plugin;

import java.nio.file.Path;
import java.util.Map;

/**
 * An output parser a study names as {@code outputs: [{plugin: NAME, file: FILE, options: {...}}]}. Registered in a
 * jar's {@code META-INF/services/io.runfleet.plugin.OutputPlugin}. Called once per run after its last step, on the
 * run's own thread; an instance serves every run of the agent at once, so keep it free of per-run state.
 */
public interface OutputPlugin {

    /** The name studies use; unique among the output plugins of one agent. */
    String name();

    /**
     * @param runDir  the run's directory; files the run wrote are relative to it
     * @param options the output's {@code options} as the study wrote them, plus {@code file} when the output names
     *                one (strings, numbers, booleans, lists and maps)
     * @return the outputs, by name: strings, numbers, booleans, lists and maps of them
     * @throws PluginException when the output cannot be read; the run fails naming the output and this message
     */
    Map<String, Object> parse(Path runDir, Map<String, Object> options) throws PluginException;
}
