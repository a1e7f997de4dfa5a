package io.runfleet.agent.output;

import io.runfleet.agent.plugin.PluginRegistry;
import io.runfleet.agent.plugin.UnknownPluginException;
import io.runfleet.plugin.OutputPlugin;
import io.runfleet.plugin.PluginException;
import io.runfleet.wire.OutputSpec;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code plugin}: an output parser of the agent's plugin path, by the name in the output's options under
 * {@value #NAME_KEY}. The plugin gets the other options, and {@code file} when the output names one.
 */
@Singleton
public class PluginOutputParser implements OutputParser {

    /** The option that names the plugin (the study's {@code plugin: NAME}). */
    public static final String NAME_KEY = "plugin";

    private final PluginRegistry registry;

    public PluginOutputParser(PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String type() {
        return OutputSpec.PLUGIN;
    }

    /** A plugin reads what it reads, and may name no file at all. */
    @Override
    public boolean readsWholeFile() {
        return false;
    }

    @Override
    public Map<String, Object> parse(OutputSpec spec, Path runDir, OutputLimits limits) throws OutputException {
        Object name = spec.options().get(NAME_KEY);
        String where = "output plugin '" + name + "'" + (spec.file() == null ? "" : " of file " + spec.file());
        OutputPlugin plugin;
        try {
            plugin = registry.output(String.valueOf(name));
        } catch (UnknownPluginException e) {
            throw new OutputException(e.getMessage());
        }
        Map<String, Object> options = new LinkedHashMap<>(spec.options());
        options.remove(NAME_KEY);
        if (spec.file() != null) {
            OutputFiles.resolve(runDir, spec.file());
            options.put("file", spec.file());
        }
        try {
            Map<String, Object> outputs = plugin.parse(runDir, options);
            return outputs == null ? Map.of() : outputs;
        } catch (PluginException e) {
            throw new OutputException(where + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new OutputException(where + " broke: " + e);
        }
    }
}
