package io.runfleet.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The podman CLI, for tests that build and run Runfleet's images. A host that cannot run podman
 * makes {@link #requireUsable()} fail with what to do about it: container tests never skip.
 */
final class Podman {

    /** The one-off host preparation that every failure message points to. */
    static final String SETUP_HINT = "run deploy/podman/setup-podman.sh once on this host (it installs podman, "
            + "builds the base image and prints the environment to export)";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Map<String, String> environment;

    private Podman(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * A podman that has just answered {@code podman info}. Unless CONTAINERS_CONF is already set, the
     * project's deploy/podman/containers.conf is used: podman's defaults do not run containers here.
     */
    static Podman requireUsable() {
        Map<String, String> environment = new HashMap<>();
        String configured = System.getenv("CONTAINERS_CONF");
        if (configured == null || configured.isBlank()) {
            environment.put("CONTAINERS_CONF", ItPaths.root().resolve("deploy/podman/containers.conf").toString());
        }
        Podman podman = new Podman(environment);
        Result info = podman.runCommand(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"));
        if (!info.succeeded()) {
            throw new IllegalStateException("podman is not usable on this host (`podman info` " + info.describe()
                    + "); " + SETUP_HINT);
        }
        return podman;
    }

    /** The base image: -Drunfleet.it.base-image, else $RUNFLEET_BASE_IMAGE, else the one setup-podman.sh builds. */
    static String baseImage() {
        String property = System.getProperty("runfleet.it.base-image");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String environment = System.getenv("RUNFLEET_BASE_IMAGE");
        return environment == null || environment.isBlank() ? "localhost/runfleet-base-jre:latest" : environment;
    }

    /** What every podman command here is given on top of this JVM's environment (CONTAINERS_CONF). */
    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** Fails with the setup hint unless {@code image} is in local storage (nothing can be pulled here). */
    void requireImage(String image) {
        if (!runCommand(List.of("image", "exists", image)).succeeded()) {
            throw new IllegalStateException("image " + image + " is not in podman's local storage; " + SETUP_HINT);
        }
    }

    /** {@code podman build} with the given build arguments; fails with podman's output. */
    void build(Path dockerfile, Path context, String tag, Map<String, String> buildArgs) {
        List<String> args = new ArrayList<>(List.of("build", "--quiet", "--file", dockerfile.toString(), "--tag", tag));
        buildArgs.forEach((key, value) -> args.addAll(List.of("--build-arg", key + "=" + value)));
        args.add(context.toString());
        requireSuccess(runCommand(args), "building " + tag);
    }

    /** {@code podman run --detach <args>}; answers the container id. */
    String runDetached(List<String> args) {
        List<String> command = new ArrayList<>(List.of("run", "--detach"));
        command.addAll(args);
        return requireSuccess(runCommand(command), "starting a container").output().strip();
    }

    boolean isRunning(String container) {
        Result state = runCommand(List.of("inspect", "--format", "{{.State.Running}}", container));
        return state.succeeded() && state.output().strip().equals("true");
    }

    /** The container's stdout and stderr so far; a note instead if podman cannot tell. */
    String logs(String container) {
        Result logs = runCommand(List.of("logs", container));
        return logs.succeeded() ? logs.output() : "(no logs of " + container + ": podman " + logs.describe() + ")";
    }

    /** Stops (SIGTERM, then SIGKILL after 10 s) and removes the container; a missing one is fine. */
    void removeForcibly(String container) {
        runCommand(List.of("rm", "--force", "--ignore", "--time", "10", container));
    }

    /** Removes the image; a missing one is fine. */
    void removeImage(String image) {
        runCommand(List.of("rmi", "--force", "--ignore", image));
    }

    /** Any podman command that must succeed; answers its output (stdout and stderr together). */
    String output(List<String> args, String what) {
        return requireSuccess(runCommand(args), what).output();
    }

    private static Result requireSuccess(Result result, String what) {
        if (!result.succeeded()) {
            throw new IllegalStateException(what + " failed: podman " + result.describe());
        }
        return result;
    }

    private Result runCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        Path output = null;
        try {
            output = Files.createTempFile("podman-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(command, -1, "timed out after " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(command, -1, "could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(command, -1, "interrupted");
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }

    private record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command.subList(1, command.size())) + " exited with " + exitCode + ": " + output.strip();
        }
    }
}
