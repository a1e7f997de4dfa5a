package io.runfleet.scheduler.launch.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.launch.LaunchedAgent;
import io.runfleet.scheduler.study.Launch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container launcher with the docker CLI, which has no secrets for plain containers: the key file reaches the
 * agent as a read-only bind mount of a copy in a 0700 directory, removed with the container. No Docker daemon runs
 * here: the docker CLI talks to podman's Docker API, served on a socket of this class's own.
 */
class DockerCliLauncherTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEDULER = "docker-cli-test-" + SUFFIX;
    private static final String IMAGE = "localhost/runfleet-test-no-java-docker:" + SUFFIX;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;

    private static ContainerEngine podman;
    private static Process apiService;
    private static ContainerLauncher launcher;
    private static Path agentApp;

    @BeforeAll
    static void serveTheDockerApi() throws Exception {
        podman = TestImages.podman();
        TestImages.buildImageWithoutJava(podman, IMAGE, Files.createDirectories(scratch.resolve("image")));
        agentApp = TestImages.probeAgentApp(scratch.resolve("agent-app"));
        Path socket = scratch.resolve("podman.sock");
        ProcessBuilder service = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(scratch.resolve("api.log").toFile());
        service.environment().put("CONTAINERS_CONF", TestImages.containersConf());
        apiService = service.start();
        ContainerLauncherTest.Config config = new ContainerLauncherTest.Config(Optional.of("docker"), Optional.empty(),
                Optional.of("unix://" + socket), Optional.empty(), false, "host", false, Duration.ofMinutes(2),
                Duration.ofSeconds(1), 20);
        ContainerEngine docker = ContainerEngine.resolve(Optional.of("docker"), "test", Duration.ofSeconds(10),
                Map.of("DOCKER_HOST", "unix://" + socket));
        assertThat(docker.flavour()).as("the docker CLI, not podman under its name").isEqualTo(ContainerEngine.Flavour.DOCKER);
        await("podman's Docker API on " + socket).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!apiService.isAlive()) {
                        throw new IllegalStateException("podman system service ended: "
                                + Files.readString(scratch.resolve("api.log")));
                    }
                    return docker.run(List.of("version")).succeeded();
                });
        launcher = new ContainerLauncher(config, ContainerLauncherTest.DATA_DIR.toString());
    }

    @AfterAll
    static void stopTheApiAndRemoveTheImage() throws Exception {
        try {
            if (launcher != null) {
                for (LaunchedAgent agent : launcher.find(SCHEDULER)) {
                    launcher.stop(agent, Duration.ZERO);
                }
            }
        } finally {
            if (apiService != null) {
                apiService.destroy();
                apiService.waitFor(10, TimeUnit.SECONDS);
            }
            if (podman != null) {
                podman.run(List.of("rmi", "--force", IMAGE));
            }
        }
    }

    @Test
    void theKeyFileIsAReadOnlyBindMountOfAPrivateCopyRemovedWithTheContainer() throws Exception {
        Path keyFile = scratch.resolve("agent.key");
        Files.writeString(keyFile, "public-key=not-a-real-key\n");
        AgentLaunch launch = new AgentLaunch(SCHEDULER, "study-d", "d1",
                new Launch.Containers(IMAGE, 1, 1, Optional.of(0.5), Optional.of("192m"), Optional.empty()), agentApp,
                Map.of("runfleet.agent.id", "d1"), Map.of(ProbeAgent.KEY_PROPERTY, keyFile),
                Files.createDirectories(scratch.resolve("work-d1")));

        LaunchedAgent started = launcher.start(launch);
        String container = started.handle();
        String log = await("the probe agent's start line").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> podman.run(List.of("logs", container)).stdout(), out -> out.contains(ProbeAgent.STARTED));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(keyFile)));
        assertThat(log).contains("key-sha256=" + digest).contains("java.home=" + RunCommand.RUNTIME_MOUNT);

        Path copies = ContainerLauncherTest.DATA_DIR.resolve("launch/container-secrets").resolve(container);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copies))).isEqualTo("rwx------");
        Path copy = copies.resolve(Names.safe(ProbeAgent.KEY_PROPERTY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("r--------");

        JsonNode inspected = JSON.readTree(podman.require(List.of("inspect", container), "inspect").stdout()).get(0);
        assertThat(inspected.path("Mounts").findParents("Destination")).as("mounts")
                .anySatisfy(mount -> {
                    assertThat(mount.path("Destination").asText()).isEqualTo(SecretStore.target(ProbeAgent.KEY_PROPERTY));
                    assertThat(mount.path("Source").asText()).isEqualTo(copy.toString());
                    assertThat(mount.path("RW").asBoolean()).isFalse();
                });
        assertThat(inspected.path("HostConfig").path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(inspected.path("HostConfig").path("Memory").asLong()).isEqualTo(192L * 1024 * 1024);
        assertThat(inspected.path("Config").path("Env").toString() + inspected.path("Args"))
                .doesNotContain("not-a-real-key");
        assertThat(launcher.find(SCHEDULER)).extracting(LaunchedAgent::handle).containsExactly(container);

        launcher.stop(started, Duration.ofSeconds(5));
        assertThat(podman.run(List.of("container", "exists", container)).exitCode()).as("container removed").isEqualTo(1);
        assertThat(copies).as("the secret copies").doesNotExist();
    }
}
