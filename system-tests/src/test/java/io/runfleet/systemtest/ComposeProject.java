package io.runfleet.systemtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One docker-compose project of the repository's compose files, run with the docker-compose CLI against a
 * Docker API (podman's here). Every command fails with its output unless it succeeds.
 */
final class ComposeProject {

    /** Building three images on a busy machine, or stopping agents that drain, takes a while. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final String HINT = "docker-compose 1.29 and a podman API are needed; " + Podman.SETUP_HINT;

    private final String name;
    private final List<Path> files;
    private final Map<String, String> environment;

    ComposeProject(String name, List<Path> files, Map<String, String> environment) {
        this.name = name;
        this.files = List.copyOf(files);
        this.environment = Map.copyOf(environment);
    }

    /** {@code docker-compose <args>} for this project; answers its output. */
    String run(String... args) {
        return HostCommand.run(command(args), environment, COMMAND_TIMEOUT, HINT);
    }

    /** As {@link #run}, answering the output whatever the exit (for clean-up and logs). */
    String attempt(String... args) {
        HostCommand.Result result = HostCommand.attempt(command(args), environment, COMMAND_TIMEOUT);
        return result.exitCode() == 0 ? result.output()
                : "(docker-compose " + String.join(" ", args) + " exited with " + result.exitCode() + ")\n" + result.output();
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-p", name));
        files.forEach(file -> command.addAll(List.of("-f", file.toString())));
        command.addAll(List.of(args));
        return command;
    }
}
