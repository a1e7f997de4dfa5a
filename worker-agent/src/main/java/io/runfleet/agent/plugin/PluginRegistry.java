package io.runfleet.agent.plugin;

import io.runfleet.plugin.OutputPlugin;
import io.runfleet.plugin.Simulation;
import io.runfleet.plugin.StepPlugin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plugins of an agent's plugin path, by name, loaded once at start into one class loader (whose parent is the
 * agent's, so plugins see the plugin API the agent has). Output plugins have names of their own; step plugins and
 * simulations share theirs, since a study names either the same way. Two plugins of one name refuse the start,
 * naming both jars.
 */
public final class PluginRegistry {

    private final PluginPath path;
    private final Map<String, OutputPlugin> outputs;
    private final Map<String, Object> runnables;

    private PluginRegistry(PluginPath path, Map<String, OutputPlugin> outputs, Map<String, Object> runnables) {
        this.path = path;
        this.outputs = outputs;
        this.runnables = runnables;
    }

    public static PluginRegistry empty() {
        return new PluginRegistry(PluginPath.none(), Map.of(), Map.of());
    }

    /** Loads every plugin of the path's jars; an empty path gives an empty registry. */
    public static PluginRegistry load(PluginPath path) {
        if (path.jars().isEmpty()) {
            return new PluginRegistry(path, Map.of(), Map.of());
        }
        URLClassLoader loader = new URLClassLoader("runfleet-plugins", path.urls(),
                PluginRegistry.class.getClassLoader());
        Map<String, OutputPlugin> outputs = new TreeMap<>();
        Map<String, String> outputJars = new LinkedHashMap<>();
        add(loader, OutputPlugin.class, OutputPlugin::name, "output plugins", outputs, outputJars);
        Map<String, Object> runnables = new TreeMap<>();
        Map<String, String> runnableJars = new LinkedHashMap<>();
        add(loader, StepPlugin.class, StepPlugin::name, "step plugins and simulations", runnables, runnableJars);
        add(loader, Simulation.class, Simulation::name, "step plugins and simulations", runnables, runnableJars);
        return new PluginRegistry(path, outputs, runnables);
    }

    private static <T> void add(URLClassLoader loader, Class<T> service, Function<T, String> naming, String kind,
                                Map<String, ? super T> byName, Map<String, String> jars) {
        Map<String, String> declaredIn = declaringJars(loader, service);
        for (T plugin : ServiceLoader.load(service, loader)) {
            String name = naming.apply(plugin);
            String jar = declaredIn.getOrDefault(plugin.getClass().getName(), jarOf(plugin));
            if (name == null || name.isBlank()) {
                throw new IllegalStateException(plugin.getClass().getName() + " in " + jar + " has no name; "
                        + "its name() must answer the name studies use");
            }
            String other = jars.putIfAbsent(name, jar);
            if (other != null) {
                throw new IllegalStateException("two " + kind + " are named '" + name + "': "
                        + describeOther(byName.get(name), other) + " and " + plugin.getClass().getName() + " in "
                        + jar + "; remove one jar from " + PluginPath.KEY + " or rename one plugin");
            }
            byName.put(name, plugin);
        }
    }

    /**
     * Which jar of the path registers each provider class, from the jars' own service files: a class the agent
     * already has would otherwise show the agent's jar.
     */
    private static Map<String, String> declaringJars(URLClassLoader loader, Class<?> service) {
        Map<String, String> jars = new HashMap<>();
        try {
            Enumeration<URL> files = loader.findResources("META-INF/services/" + service.getName());
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                String jar = file.getPath().replaceFirst("^file:", "").replaceFirst("!/.*$", "");
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.openStream(),
                        StandardCharsets.UTF_8))) {
                    lines.lines().map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty())
                            .forEach(provider -> jars.putIfAbsent(provider, jar));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(PluginPath.KEY + ": cannot read the service files of "
                    + service.getSimpleName() + ": " + e.getMessage(), e);
        }
        return jars;
    }

    private static String describeOther(Object plugin, String jar) {
        return plugin.getClass().getName() + " in " + jar;
    }

    private static String jarOf(Object plugin) {
        CodeSource source = plugin.getClass().getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "(unknown jar)" : location.getPath();
    }

    public PluginPath path() {
        return path;
    }

    /** The output plugin of this name. */
    public OutputPlugin output(String name) throws UnknownPluginException {
        OutputPlugin plugin = outputs.get(name);
        if (plugin == null) {
            throw new UnknownPluginException(unknown("output plugin", name, outputs.keySet()));
        }
        return plugin;
    }

    /** The step plugin or simulation of this name: a {@link StepPlugin} or a {@link Simulation}. */
    public Object runnable(String name) throws UnknownPluginException {
        Object plugin = runnables.get(name);
        if (plugin == null) {
            throw new UnknownPluginException(unknown("step plugin or simulation", name, runnables.keySet()));
        }
        return plugin;
    }

    /** Names of every plugin, for the start log. */
    public String summary() {
        return "output plugins " + outputs.keySet() + ", step plugins and simulations " + runnables.keySet();
    }

    private String unknown(String kind, String name, java.util.Set<String> known) {
        return kind + " '" + name + "' is not on this agent's plugin path (" + path.describe() + "; it holds "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")";
    }
}
