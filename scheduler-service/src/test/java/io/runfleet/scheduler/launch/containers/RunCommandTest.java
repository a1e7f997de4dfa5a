package io.runfleet.scheduler.launch.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run command alone, for both engines: what reaches the container's configuration and what never does. */
class RunCommandTest {

    private static final Path KEY_FILE = Path.of("/data/launch/secrets/agent.key");
    private static final AgentLaunch LAUNCH = new AgentLaunch("s1", "study-1", "study-1-abc123",
            new Launch.Containers("localhost/sim:1", 2, 2, Optional.of(1.5), Optional.of("2g"), Optional.empty()),
            Path.of("/opt/agent-app"), Map.of("runfleet.agent.work-dir", "/data/work/a", "runfleet.agent.slots", "2"),
            Map.of("runfleet.security.curve.key-file", KEY_FILE), Path.of("/data/work/a"));
    private static final SecretStore.Mounted SECRETS = new SecretStore.Mounted(
            List.of("--secret", "rf-1-2,type=mount,target=/run/secrets/runfleet/runfleet.security.curve.key-file"),
            Map.of("runfleet.security.curve.key-file", "/run/secrets/runfleet/runfleet.security.curve.key-file"));

    private static List<String> command(Optional<Path> runtime, ContainerEngine.Flavour flavour) {
        Launch.Containers spec = (Launch.Containers) LAUNCH.spec();
        return RunCommand.of(LAUNCH, spec, "runfleet-s1-a", runtime, SECRETS, "host", false, flavour);
    }

    @Test
    void theAgentRunsFromTheMountedRuntimeWithItsPropertiesAndSecretPathsOnly() {
        List<String> args = command(Optional.of(Path.of("/data/runtime/agent-jre")), ContainerEngine.Flavour.PODMAN);

        assertThat(String.join(" ", args)).doesNotContain(KEY_FILE.toString());
        assertThat(args).containsSequence("--cpus", "1.5").containsSequence("--memory", "2g")
                .containsSequence("--pull", "never").containsSequence("--network", "host")
                .containsSequence("--volume", "/data/runtime/agent-jre:" + RunCommand.RUNTIME_MOUNT + ":ro")
                .containsSequence("--volume", "/opt/agent-app:" + RunCommand.AGENT_MOUNT + ":ro")
                .containsSequence("--volume", "/data/work/a:" + RunCommand.WORK_MOUNT)
                .containsSequence("--hostname", "study-1-abc123")
                .containsSequence("--entrypoint", RunCommand.RUNTIME_MOUNT + "/bin/java", "localhost/sim:1")
                .contains("-Drunfleet.agent.work-dir=" + RunCommand.WORK_MOUNT,
                        "-Drunfleet.security.curve.key-file=/run/secrets/runfleet/runfleet.security.curve.key-file")
                .doesNotContain("-Drunfleet.agent.work-dir=/data/work/a")
                .endsWith("-jar", RunCommand.AGENT_MOUNT + "/quarkus-run.jar");
    }

    @Test
    void anImageWithItsOwnJavaGetsNoRuntimeMount() {
        List<String> args = command(Optional.empty(), ContainerEngine.Flavour.PODMAN);

        assertThat(args).containsSequence("--entrypoint", "java", "localhost/sim:1")
                .noneMatch(arg -> arg.contains(RunCommand.RUNTIME_MOUNT));
    }

    @Test
    void dockerOnTheHostNetworkKeepsTheHostsName() {
        assertThat(command(Optional.empty(), ContainerEngine.Flavour.DOCKER)).doesNotContain("--hostname", "--add-host");
    }
}
