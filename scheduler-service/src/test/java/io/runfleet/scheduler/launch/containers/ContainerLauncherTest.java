package io.runfleet.scheduler.launch.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.scheduler.launch.AgentLaunch;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchedAgent;
import io.runfleet.scheduler.study.Launch;
import io.runfleet.wire.security.CurveKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container launcher on real podman: agents (a stand-in agent application, {@link ProbeAgent}) run in an image
 * without Java, with the runtime and the application mounted, limits, labels, a work volume and the key file as a
 * podman secret; and the bad inputs it must explain. One image build and one jlink'ed runtime serve every test.
 */
class ContainerLauncherTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String SCHEDULER = "launcher-test-" + SUFFIX;
    private static final String IMAGE = "localhost/runfleet-test-no-java:" + SUFFIX;
    /** Kept across builds: the first build on a host makes the runtime with jlink, later ones reuse it. */
    static final Path DATA_DIR = Path.of("target/container-launcher-test").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;

    private static ContainerEngine podman;
    private static ContainerLauncher launcher;
    private static Path agentApp;

    record Config(Optional<String> engine, Optional<String> containersConf, Optional<String> dockerHost,
                  Optional<String> agentRuntime, boolean useImageJava, String network, boolean pull,
                  Duration commandTimeout, Duration startCheck, int logLines) implements ContainersConfig {
    }

    static Config config(Optional<String> engine, boolean useImageJava) {
        return new Config(engine, Optional.of(TestImages.containersConf()), Optional.empty(), Optional.empty(),
                useImageJava, "host", false, Duration.ofMinutes(2), Duration.ofSeconds(1), 20);
    }

    @BeforeAll
    static void buildImageWithoutJava() throws Exception {
        podman = TestImages.podman();
        TestImages.buildImageWithoutJava(podman, IMAGE, Files.createDirectories(scratch.resolve("image")));
        agentApp = TestImages.probeAgentApp(scratch.resolve("agent-app"));
        launcher = new ContainerLauncher(config(Optional.empty(), false), DATA_DIR.toString());
    }

    @AfterAll
    static void removeEverythingMade() throws Exception {
        if (podman == null) {
            return;
        }
        try {
            for (LaunchedAgent agent : launcher.find(SCHEDULER)) {
                launcher.stop(agent, Duration.ZERO);
            }
        } finally {
            podman.run(List.of("rmi", "--force", IMAGE));
        }
    }

    @Test
    void theImageHasNoJava() throws Exception {
        CommandResult search = podman.run(List.of("run", "--rm", "--network", "host", IMAGE, "sh", "-c",
                "command -v java; find / -xdev -name 'java*' -type f"));
        assertThat(search.stdout()).as("java in %s", IMAGE).isBlank();
        CommandResult shell = podman.run(List.of("run", "--rm", "--network", "host", IMAGE, "sh", "-c", "echo alive"));
        assertThat(shell.stdout()).as("the image runs at all").contains("alive");
    }

    @Test
    void anAgentRunsInAnImageWithoutJavaWithLimitsLabelsWorkVolumeAndItsKeyAsASecret() throws Exception {
        Path keyFile = scratch.resolve("agent.key");
        CurveKeyPair key = CurveKeyPair.readOrCreate(keyFile);
        Path workDir = Files.createDirectories(scratch.resolve("work-a1"));
        AgentLaunch launch = new AgentLaunch(SCHEDULER, "study-1", "a1",
                new Launch.Containers(IMAGE, 1, 2, Optional.of(1.0), Optional.of("256m"), Optional.empty()), agentApp,
                Map.of("runfleet.agent.id", "a1", "runfleet.agent.connect", "tcp://127.0.0.1:5999"),
                Map.of(ProbeAgent.KEY_PROPERTY, keyFile), workDir);

        LaunchedAgent started = launcher.start(launch);
        String container = started.handle();
        String log = awaitLog(container, ProbeAgent.STARTED);

        assertThat(log).contains("java.home=" + RunCommand.RUNTIME_MOUNT)
                .contains("key-file=" + SecretStore.target(ProbeAgent.KEY_PROPERTY))
                .contains("key-sha256=" + sha256(Files.readAllBytes(keyFile)))
                .contains("cwd=" + RunCommand.WORK_MOUNT);
        assertThat(workDir.resolve(ProbeAgent.WRITTEN)).as("written through the work volume").hasContent("a1");

        JsonNode inspected = JSON.readTree(podman.require(List.of("inspect", container), "inspect").stdout()).get(0);
        JsonNode host = inspected.path("HostConfig");
        assertThat(host.path("NanoCpus").asLong()).as("--cpus 1").isEqualTo(1_000_000_000L);
        assertThat(host.path("Memory").asLong()).as("--memory 256m").isEqualTo(256L * 1024 * 1024);
        assertThat(host.path("NetworkMode").asText()).isEqualTo("host");
        JsonNode labels = inspected.path("Config").path("Labels");
        assertThat(labels.path(RunCommand.LABEL_SCHEDULER).asText()).isEqualTo(SCHEDULER);
        assertThat(labels.path(RunCommand.LABEL_STUDY).asText()).isEqualTo("study-1");
        assertThat(labels.path(RunCommand.LABEL_AGENT).asText()).isEqualTo("a1");
        String secretName = inspected.path("Config").path("Secrets").path(0).path("Name").asText();
        assertThat(secretName).as("the key file as a podman secret").startsWith(PodmanSecrets.prefix(container));
        assertThat(inspected.path("Config").path("Env").toString() + inspected.path("Config").path("Cmd")
                + inspected.path("Args") + inspected.path("Config").path("Entrypoint"))
                .as("environment and command line")
                .doesNotContain(key.secretKey())
                .doesNotContain(keyFile.toString());

        assertThat(launcher.find(SCHEDULER)).containsExactly(
                new LaunchedAgent(ContainerLauncher.KIND, "a1", "study-1", container, true, Optional.empty()));

        launcher.stop(started, Duration.ofSeconds(5));
        assertThat(podman.run(List.of("container", "exists", container)).exitCode()).as("container removed").isEqualTo(1);
        assertThat(secretNames()).as("secrets after stop").doesNotContain(secretName);
        assertThat(launcher.find(SCHEDULER)).isEmpty();
        assertThat(DATA_DIR.resolve("logs/agents/a1.log")).as("the log kept").content().contains(ProbeAgent.STARTED);
        launcher.stop(started, Duration.ofSeconds(5)); // again: already gone is fine
    }

    @Test
    void anImageWithJavaOfItsOwnCanRunTheAgentWithIt() throws Exception {
        Path keyFile = scratch.resolve("own-java.key");
        CurveKeyPair.readOrCreate(keyFile);
        ContainerLauncher ownJava = new ContainerLauncher(config(Optional.empty(), true), DATA_DIR.toString());
        LaunchedAgent started = ownJava.start(new AgentLaunch(SCHEDULER, "study-5", "a5",
                new Launch.Containers(TestImages.baseImage(), 1, 1, Optional.empty(), Optional.empty(), Optional.empty()),
                agentApp, Map.of("runfleet.agent.id", "a5"), Map.of(ProbeAgent.KEY_PROPERTY, keyFile),
                Files.createDirectories(scratch.resolve("work-a5"))));
        try {
            assertThat(awaitLog(started.handle(), ProbeAgent.STARTED)).as("the base image's own runtime")
                    .contains("java.home=/opt/jre");
        } finally {
            ownJava.stop(started, Duration.ZERO);
        }
    }

    @Test
    void aContainerThatExitsAtOnceFailsTheStartWithItsLogAndLeavesNothing() throws Exception {
        Path keyFile = scratch.resolve("failing.key");
        CurveKeyPair.readOrCreate(keyFile);
        AgentLaunch launch = new AgentLaunch(SCHEDULER, "study-2", "a2",
                new Launch.Containers(IMAGE, 1, 1, Optional.empty(), Optional.empty(), Optional.empty()), agentApp,
                Map.of(ProbeAgent.FAIL_PROPERTY, "true"), Map.of(ProbeAgent.KEY_PROPERTY, keyFile),
                Files.createDirectories(scratch.resolve("work-a2")));

        assertThatThrownBy(() -> launcher.start(launch)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("exited at once with code 3")
                .hasMessageContaining(ProbeAgent.FAILING);
        String container = Names.container(SCHEDULER, "a2");
        assertThat(podman.run(List.of("container", "exists", container)).exitCode()).as("container left").isEqualTo(1);
        assertThat(secretNames()).as("secrets left").noneMatch(name -> name.startsWith(PodmanSecrets.prefix(container)));
    }

    @Test
    void aMissingImageIsRefusedWithHowToBuildOrLoadIt() throws Exception {
        String missing = "localhost/runfleet-no-such-image:" + SUFFIX;
        AgentLaunch launch = new AgentLaunch(SCHEDULER, "study-3", "a3",
                new Launch.Containers(missing, 1, 1, Optional.empty(), Optional.empty(), Optional.empty()), agentApp,
                Map.of(), Map.of(ProbeAgent.KEY_PROPERTY, scratch.resolve("never-read.key")), scratch);

        assertThatThrownBy(() -> launcher.start(launch)).isInstanceOf(LaunchException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("podman build -t " + missing)
                .hasMessageContaining("podman load -i")
                .hasMessageContaining("runfleet.containers.pull");
        assertThat(secretNames()).noneMatch(name -> name.startsWith(PodmanSecrets.prefix(Names.container(SCHEDULER, "a3"))));
    }

    @Test
    void aMissingEngineIsNamedWithTheSettingAndTheAlternatives() {
        String engine = scratch.resolve("no/such/podman").toString();
        AgentLaunch launch = new AgentLaunch(SCHEDULER, "study-4", "a4",
                new Launch.Containers(IMAGE, 1, 1, Optional.empty(), Optional.empty(), Optional.of(engine)), agentApp,
                Map.of(), Map.of(), scratch);

        assertThatThrownBy(() -> launcher.start(launch)).isInstanceOf(LaunchException.class)
                .hasMessageContaining(engine)
                .hasMessageContaining("launch.containers.engine")
                .hasMessageContaining("install podman or docker");
        ContainerLauncher configured = new ContainerLauncher(config(Optional.of(engine), false), DATA_DIR.toString());
        assertThatThrownBy(() -> configured.start(new AgentLaunch(SCHEDULER, "study-4", "a4",
                new Launch.Containers(IMAGE, 1, 1, Optional.empty(), Optional.empty(), Optional.empty()), agentApp,
                Map.of(), Map.of(), scratch))).isInstanceOf(LaunchException.class)
                .hasMessageContaining("runfleet.containers.engine");
    }

    private static String awaitLog(String container, String line) {
        return await("container " + container + " logging '" + line + "'").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    CommandResult logs = podman.run(List.of("logs", container));
                    return logs.stdout() + logs.stderr();
                }, log -> log.contains(line));
    }

    private static List<String> secretNames() throws LaunchException {
        return podman.require(List.of("secret", "ls", "--format", "{{.Name}}"), "secret ls").stdout().lines()
                .map(String::strip).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
