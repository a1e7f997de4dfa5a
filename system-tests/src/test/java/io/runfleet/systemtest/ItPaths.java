package io.runfleet.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the packaged jars are and where each test class keeps its logs and agent directories. */
final class ItPaths {

    private ItPaths() {
    }

    /** The repository root: the {@code runfleet.root} system property (set by the POM), else the parent of this module. */
    static Path root() {
        String root = System.getProperty("runfleet.root");
        Path path = root == null || root.isBlank() ? Path.of("").toAbsolutePath().getParent() : Path.of(root);
        return path.toAbsolutePath().normalize();
    }

    /**
     * {@code <module>/target/quarkus-app/quarkus-run.jar} under the {@code runfleet.it.jars-root} system
     * property if set (a copy of packaged apps, to test one build while the tree is rebuilt), else under
     * the repository root.
     */
    static Path serviceJar(String module) {
        String jarsRoot = System.getProperty("runfleet.it.jars-root");
        Path base = jarsRoot == null || jarsRoot.isBlank() ? root() : Path.of(jarsRoot).toAbsolutePath();
        return base.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** {@code system-tests/target/it-logs/<test class>}, emptied first. */
    static Path logDir(Class<?> testClass) {
        return freshDir(moduleTarget().resolve("it-logs").resolve(testClass.getSimpleName()));
    }

    /** {@code system-tests/target/it-work/<test class>}, emptied first so that old run directories do not mislead. */
    static Path workDir(Class<?> testClass) {
        return freshDir(moduleTarget().resolve("it-work").resolve(testClass.getSimpleName()));
    }

    /** {@code system-tests/target/it-data/<test class>}: the services' shared data directory, emptied first. */
    static Path dataDir(Class<?> testClass) {
        return freshDir(moduleTarget().resolve("it-data").resolve(testClass.getSimpleName()));
    }

    private static Path moduleTarget() {
        return root().resolve("system-tests").resolve("target");
    }

    static Path freshDir(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(ItPaths::deleteQuietly);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
