package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Docker outside swarm has no secrets for plain containers: each file is copied into a directory of this container's
 * own, readable by its owner alone (0700, files 0400), and bind-mounted read-only. The directory goes with the
 * container. Anyone who can run docker on the host can read it, as they could read the original file.
 */
final class BindMountSecrets implements SecretStore {

    private final Path root;

    /** @param root the directory under which each container gets its own ({@code <data-dir>/containers/secrets}) */
    BindMountSecrets(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Mounted mount(String container, Map<String, Path> files) throws LaunchException {
        List<String> arguments = new ArrayList<>();
        Map<String, String> paths = new HashMap<>();
        Path directory = root.resolve(container);
        try {
            Files.createDirectories(root);
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Path copy = directory.resolve(Names.safe(file.getKey()));
                Files.copy(file.getValue(), copy, StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--------"));
                String target = SecretStore.target(file.getKey());
                arguments.addAll(List.of("--volume", copy + ":" + target + ":ro"));
                paths.put(file.getKey(), target);
            }
        } catch (IOException | RuntimeException e) {
            remove(container);
            throw new LaunchException("cannot prepare the secret files of " + container + " in " + directory + ": " + e, e);
        }
        return new Mounted(arguments, paths);
    }

    @Override
    public void remove(String container) throws LaunchException {
        Path directory = root.resolve(container);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new LaunchException("cannot remove the secret files of " + container + " in " + directory + ": " + e, e);
        }
    }
}
