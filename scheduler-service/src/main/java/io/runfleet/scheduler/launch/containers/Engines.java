package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The engines in use: the default one ({@code runfleet.containers.engine}, else the PATH) and those studies name, each
 * resolved once, and which engine each container belongs to, so that a container is stopped by the CLI that made it.
 */
final class Engines {

    /** The key of the default engine; a study's named engine is keyed by its name. */
    static final String DEFAULT = "";
    private static final Logger LOG = Logger.getLogger(Engines.class);

    private final ContainersConfig config;
    private final Map<String, ContainerEngine> resolved = new ConcurrentHashMap<>();
    private final Map<String, String> byContainer = new ConcurrentHashMap<>();

    Engines(ContainersConfig config) {
        this.config = config;
    }

    /** The engine a study names ({@code launch.containers.engine}), or the default one for {@link #DEFAULT}. */
    ContainerEngine named(String name) throws LaunchException {
        ContainerEngine known = resolved.get(name);
        if (known != null) {
            return known;
        }
        Optional<String> named = name.isEmpty() ? config.engine() : Optional.of(name);
        String setting = name.isEmpty() ? "runfleet.containers.engine" : "the study's launch.containers.engine";
        Map<String, String> environment = new HashMap<>();
        config.containersConf().ifPresent(file -> environment.put("CONTAINERS_CONF", file));
        config.dockerHost().ifPresent(host -> environment.put("DOCKER_HOST", host));
        ContainerEngine engine = ContainerEngine.resolve(named, setting, config.commandTimeout(), environment);
        resolved.putIfAbsent(name, engine);
        return engine;
    }

    /** The engine that started {@code container} in this process's life, else the default one. */
    ContainerEngine of(String container) throws LaunchException {
        return named(byContainer.getOrDefault(container, DEFAULT));
    }

    void remember(String container, String engineName) {
        byContainer.putIfAbsent(container, engineName);
    }

    void forget(String container) {
        byContainer.remove(container);
    }

    /** The default engine, plus those studies named in this process's life; none at all if no engine is installed. */
    List<String> toSearch() {
        List<String> names = new ArrayList<>(new TreeSet<>(byContainer.values()));
        if (!names.contains(DEFAULT)) {
            try {
                named(DEFAULT);
                names.add(DEFAULT);
            } catch (LaunchException e) {
                // without a container engine no container can have been started with it
                LOG.debugf("no default container engine to search: %s", e.getMessage());
            }
        }
        return names;
    }
}
