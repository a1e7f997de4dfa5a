package io.runfleet.agent.config;

import io.quarkus.runtime.Startup;
import io.runfleet.agent.plugin.PluginPath;
import io.runfleet.agent.plugin.PluginRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** Loads the plugin path once, at start: two plugins of one name, or a missing jar, refuse the start. */
public class PluginBeans {

    private static final Logger LOG = Logger.getLogger(PluginBeans.class);

    @Produces
    @Singleton
    @Startup
    PluginRegistry pluginRegistry(AgentConfig config) {
        PluginPath path = PluginPath.of(config.pluginPath().orElse(List.of()));
        PluginRegistry registry = PluginRegistry.load(path);
        if (!path.jars().isEmpty()) {
            LOG.infof("plugins from %d jars (%s): %s", path.jars().size(), path.describe(), registry.summary());
        }
        return registry;
    }
}
