package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Real podman for the launcher's tests, and what they run in it: an image without Java and a stand-in agent
 * application. A host without a usable podman fails the tests with what to do about it.
 */
final class TestImages {

    static final String SETUP_HINT = "run deploy/podman/setup-podman.sh once on this host (it installs podman and"
            + " builds the base image)";

    private TestImages() {
    }

    static Path repositoryRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** CONTAINERS_CONF as the environment sets it, else the project's file for hosts like the CI's. */
    static String containersConf() {
        String configured = System.getenv("CONTAINERS_CONF");
        return configured == null || configured.isBlank()
                ? repositoryRoot().resolve("deploy/podman/containers.conf").toString() : configured;
    }

    static ContainerEngine podman() {
        try {
            ContainerEngine podman = ContainerEngine.resolve(Optional.of("podman"), "test", Duration.ofMinutes(3),
                    Map.of("CONTAINERS_CONF", containersConf()));
            CommandResult info = podman.run(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"));
            if (!info.succeeded()) {
                throw new IllegalStateException("podman is not usable here (" + info.describe() + "); " + SETUP_HINT);
            }
            return podman;
        } catch (LaunchException e) {
            throw new IllegalStateException(e.getMessage() + "; " + SETUP_HINT, e);
        }
    }

    static String baseImage() {
        String image = System.getenv("RUNFLEET_BASE_IMAGE");
        return image == null || image.isBlank() ? "localhost/runfleet-base-jre:latest" : image;
    }

    /**
     * Builds {@code tag}: the base image's busybox and glibc without its Java runtime, the kind of image a user brings.
     */
    static void buildImageWithoutJava(ContainerEngine podman, String tag, Path scratch) throws Exception {
        podman.require(List.of("image", "inspect", "--format", "{{.Id}}", baseImage()),
                "finding the base image " + baseImage() + " (" + SETUP_HINT + ")");
        Path containerfile = scratch.resolve("Containerfile");
        Files.writeString(containerfile, "FROM " + baseImage() + "\nRUN rm -rf /opt/jre\nENV JAVA_HOME= PATH=/bin\n");
        podman.require(List.of("build", "--quiet", "--pull=never", "--file", containerfile.toString(), "--tag", tag,
                scratch.toString()), "building " + tag);
    }

    /** A fast-jar-shaped directory whose quarkus-run.jar runs {@link ProbeAgent}. */
    static Path probeAgentApp(Path directory) throws IOException {
        Files.createDirectories(directory);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ProbeAgent.class.getName());
        String entry = ProbeAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(directory.resolve("quarkus-run.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             InputStream classFile = ProbeAgent.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jar);
            jar.closeEntry();
        }
        return directory;
    }
}
