package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.LaunchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The podman or docker command line. Every call is one process with a time limit; nothing of the engine's state is
 * kept here, so a restarted scheduler sees the same containers.
 */
final class ContainerEngine {

    /** The two CLIs this launcher speaks; they differ only in how credentials reach a container. */
    enum Flavour { PODMAN, DOCKER }

    static final List<String> SEARCHED = List.of("podman", "docker");

    private final Path executable;
    private final Flavour flavour;
    private final Duration timeout;
    private final Map<String, String> environment;

    private ContainerEngine(Path executable, Flavour flavour, Duration timeout, Map<String, String> environment) {
        this.executable = executable;
        this.flavour = flavour;
        this.timeout = timeout;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The engine named (a name looked up on the PATH, or a path), else the first of podman and docker on the PATH.
     *
     * @param setting where the name came from, for the error message
     */
    static ContainerEngine resolve(Optional<String> named, String setting, Duration timeout,
                                   Map<String, String> environment) throws LaunchException {
        Path executable;
        if (named.isPresent()) {
            String name = named.get().strip();
            executable = (name.contains("/") ? Optional.of(Path.of(name)).filter(Files::isExecutable) : onPath(name))
                    .orElseThrow(() -> new LaunchException("the container engine '" + name + "' (" + setting
                            + ") is not " + (name.contains("/") ? "an executable file" : "on the PATH (" + path() + ")")
                            + "; install podman or docker, or name an installed one in " + setting));
        } else {
            executable = SEARCHED.stream().map(ContainerEngine::onPath).flatMap(Optional::stream).findFirst()
                    .orElseThrow(() -> new LaunchException("neither podman nor docker is on the PATH (" + path()
                            + "); install one of them (podman is preferred: it passes credentials as secrets), or name"
                            + " one by its path in runfleet.containers.engine or the study's launch.containers.engine"));
        }
        ContainerEngine probe = new ContainerEngine(executable, Flavour.DOCKER, timeout, environment);
        CommandResult version = probe.run(List.of("--version"));
        if (!version.succeeded()) {
            throw new LaunchException("the container engine " + executable + " does not answer: " + version.describe());
        }
        // podman-docker installs podman under the name docker: ask the program, not its file name.
        Flavour flavour = version.stdout().toLowerCase().contains("podman") ? Flavour.PODMAN : Flavour.DOCKER;
        return new ContainerEngine(executable, flavour, timeout, environment);
    }

    private static Optional<Path> onPath(String name) {
        for (String directory : path().split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String path() {
        return Optional.ofNullable(System.getenv("PATH")).orElse("");
    }

    Path executable() {
        return executable;
    }

    Flavour flavour() {
        return flavour;
    }

    /** Runs {@code <engine> args...}; a command that cannot start or outlasts the time limit is a LaunchException. */
    CommandResult run(List<String> args) throws LaunchException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString());
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("runfleet-engine-", ".out");
            err = Files.createTempFile("runfleet-engine-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LaunchException("`" + String.join(" ", command) + "` did not finish within " + timeout
                        + "; is the container engine stuck? (raise runfleet.containers.command-timeout if it is just slow)");
            }
            return new CommandResult(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Runs a command that must succeed; {@code what} says what it was for. */
    CommandResult require(List<String> args, String what) throws LaunchException {
        CommandResult result = run(args);
        if (!result.succeeded()) {
            throw new LaunchException(what + " failed: " + result.describe());
        }
        return result;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    @Override
    public String toString() {
        return flavour.name().toLowerCase() + " (" + executable + ")";
    }
}
