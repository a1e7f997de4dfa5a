package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Podman secrets: each file becomes a secret named after the container and the property (digests of both, since
 * podman takes at most 64 characters: {@code rf-<container digest>-<property digest>}),
 * mounted read-only for root alone, and removed with the container. Podman keeps the secret's bytes in its own
 * store; the container's configuration names only the secret.
 */
final class PodmanSecrets implements SecretStore {

    private static final String PREFIX = "rf-";

    private final ContainerEngine engine;

    PodmanSecrets(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public Mounted mount(String container, Map<String, Path> files) throws LaunchException {
        List<String> arguments = new ArrayList<>();
        Map<String, String> paths = new HashMap<>();
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                String name = prefix(container) + Names.digest(file.getKey(), 12);
                engine.require(List.of("secret", "create", name, file.getValue().toString()),
                        "creating the secret " + name + " from " + file.getValue() + " (" + file.getKey() + ")");
                String target = SecretStore.target(file.getKey());
                arguments.addAll(List.of("--secret", name + ",type=mount,target=" + target + ",mode=0400"));
                paths.put(file.getKey(), target);
            }
        } catch (LaunchException | RuntimeException e) {
            remove(container);
            throw e;
        }
        return new Mounted(arguments, paths);
    }

    /** What the names of a container's secrets start with. */
    static String prefix(String container) {
        return PREFIX + Names.digest(container, 24) + "-";
    }

    @Override
    public void remove(String container) throws LaunchException {
        CommandResult listed = engine.require(List.of("secret", "ls", "--format", "{{.Name}}"), "listing secrets");
        for (String name : listed.stdout().split("\\R")) {
            if (name.strip().startsWith(prefix(container))) {
                CommandResult removed = engine.run(List.of("secret", "rm", name.strip()));
                if (!removed.succeeded() && !removed.stderr().toLowerCase().contains("no such secret")) {
                    throw new LaunchException("removing the secret " + name.strip() + " failed: " + removed.describe());
                }
            }
        }
    }
}
