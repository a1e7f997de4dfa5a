package io.runfleet.scheduler.launch.containers;

import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code run} command of one agent container: the study's image, with the agent brought in from outside (the Java
 * runtime and the agent application, both mounted read-only, and the runtime's java as the entrypoint), so the image
 * needs nothing but a C library the runtime runs on.
 */
final class RunCommand {

    static final String LABEL_SCHEDULER = "io.runfleet.scheduler";
    static final String LABEL_STUDY = "io.runfleet.study";
    static final String LABEL_AGENT = "io.runfleet.agent";
    static final String RUNTIME_MOUNT = "/opt/runfleet/jre";
    static final String AGENT_MOUNT = "/opt/runfleet/agent";
    static final String WORK_MOUNT = "/runfleet/work";
    static final String WORK_DIR_PROPERTY = "runfleet.agent.work-dir";

    private RunCommand() {
    }

    /**
     * @param container the container's name
     * @param runtime   the Java runtime directory on this machine; empty to run the image's own {@code java}
     * @param secrets   the mounted secret files
     * @param network   the network to join ({@code host} by default)
     * @param pull      whether a missing image may be pulled
     * @param flavour   the engine: docker refuses a host name of the container's own on the host network
     */
    static List<String> of(AgentLaunch launch, Launch.Containers spec, String container, Optional<Path> runtime,
                           SecretStore.Mounted secrets, String network, boolean pull, ContainerEngine.Flavour flavour) {
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", container,
                "--label", LABEL_SCHEDULER + "=" + launch.schedulerId(),
                "--label", LABEL_STUDY + "=" + launch.studyId(),
                "--label", LABEL_AGENT + "=" + launch.agentId(),
                "--pull", pull ? "missing" : "never",
                "--network", network));
        boolean hostNetwork = "host".equals(network);
        if (!hostNetwork || flavour == ContainerEngine.Flavour.PODMAN) {
            String hostname = Names.hostname(launch.agentId());
            args.addAll(List.of("--hostname", hostname));
            if (hostNetwork) {
                // The host network's /etc/hosts does not name the container: without this the agent cannot resolve its
                // own host name and reports "unknown-host" with its results.
                args.addAll(List.of("--add-host", hostname + ":127.0.0.1"));
            }
        }
        spec.cpus().ifPresent(cpus -> args.addAll(List.of("--cpus", String.format(Locale.ROOT, "%s", cpus))));
        spec.memory().ifPresent(memory -> args.addAll(List.of("--memory", memory)));
        args.addAll(List.of(
                "--volume", launch.workDir().toAbsolutePath() + ":" + WORK_MOUNT,
                "--workdir", WORK_MOUNT,
                "--volume", launch.agentApp().toAbsolutePath() + ":" + AGENT_MOUNT + ":ro"));
        runtime.ifPresent(java -> args.addAll(List.of("--volume", java + ":" + RUNTIME_MOUNT + ":ro")));
        args.addAll(secrets.runArguments());
        args.addAll(List.of("--entrypoint", runtime.isPresent() ? RUNTIME_MOUNT + "/bin/java" : "java", spec.image()));
        // Configuration as system properties: exact names, no environment-variable mangling. Nothing secret is here:
        // secret properties carry only the path where the container sees the file.
        Map<String, String> properties = new TreeMap<>(launch.properties());
        properties.put(WORK_DIR_PROPERTY, WORK_MOUNT);
        properties.putAll(secrets.paths());
        properties.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.addAll(List.of("-jar", AGENT_MOUNT + "/quarkus-run.jar"));
        return args;
    }
}
