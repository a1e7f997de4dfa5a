package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A study with {@code launch: {containers: ...}} on real podman: the scheduler starts its agents as containers of an
 * image without Java (the runtime and the agent mounted into it), with the study's CPU and memory limits; they run
 * every run, and are gone, with their secrets, once the study ends. No agent is connected otherwise.
 * Needs a usable podman and the base image (deploy/podman/setup-podman.sh); fails otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SideLane
class ContainerLaunchIT {

    private static final String CONTAINERS_CONF = containersConf();

    /** Registered first, so it runs after the scheduler has stopped: nothing can start a container behind it. */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback CLEANUP = context -> removeWhatIsLeft();

    @RegisterExtension
    @Order(2)
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents()
            .withSchedulerSetting("runfleet.launch.agent-app", ItPaths.serviceJar("worker-agent").getParent().toString())
            .withSchedulerSetting("runfleet.launch.reconcile-interval", "500ms")
            .withSchedulerSetting("runfleet.launch.stop-grace", "10s")
            .withSchedulerSetting("runfleet.containers.engine", "podman")
            .withSchedulerSetting("runfleet.containers.containers-conf", CONTAINERS_CONF);

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String IMAGE = "localhost/runfleet-it-no-java:" + SUFFIX;
    private static final int RUNS = 8;
    private static final Duration AGENTS_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Podman podman;
    private static final List<String> studies = new ArrayList<>();

    /** An image as a user might bring: the base image's busybox and glibc, its Java runtime removed. */
    @BeforeAll
    static void buildImageWithoutJava() throws Exception {
        podman = Podman.requireUsable();
        podman.requireImage(Podman.baseImage());
        // not under the class's work directory: that one holds the services' keyring
        Path context = Files.createTempDirectory("runfleet-it-image-");
        try {
            Path containerfile = context.resolve("Containerfile");
            Files.writeString(containerfile, "FROM " + Podman.baseImage() + "\nRUN rm -rf /opt/jre\nENV JAVA_HOME= PATH=/bin\n");
            podman.build(containerfile, context, IMAGE, Map.of());
        } finally {
            Files.deleteIfExists(context.resolve("Containerfile"));
            Files.deleteIfExists(context);
        }
    }

    private static void removeWhatIsLeft() {
        if (podman == null) {
            return;
        }
        for (String studyId : studies) {
            for (String container : containersOf(studyId)) {
                podman.removeForcibly(container);
                secretsOf(container).forEach(secret -> podman.output(List.of("secret", "rm", secret), "secret rm"));
            }
        }
        podman.removeImage(IMAGE);
    }

    @Test
    @Order(1)
    void aStudyRunsOnContainerAgentsOfAnImageWithoutJavaWithItsLimitsAndLeavesNothing() throws Exception {
        assertThat(podman.output(List.of("run", "--rm", "--network", "host", IMAGE, "sh", "-c",
                "command -v java; find / -xdev -name 'java*' -type f; echo searched"), "looking for java in " + IMAGE))
                .as("java in " + IMAGE).isEqualToIgnoringWhitespace("searched");

        String studyId = SYSTEM.scheduler().submitValidYaml(study());
        studies.add(studyId);

        List<String> containers = awaitContainers(studyId, 2);
        Set<String> hostnames = new HashSet<>();
        Set<String> agentIds = new HashSet<>();
        for (String container : containers) {
            JsonNode inspected = JSON.readTree(podman.output(List.of("inspect", container), "inspect")).get(0);
            assertThat(inspected.path("HostConfig").path("NanoCpus").asLong()).as("cpus of %s", container)
                    .isEqualTo(1_000_000_000L);
            assertThat(inspected.path("HostConfig").path("Memory").asLong()).as("memory of %s", container)
                    .isEqualTo(512L * 1024 * 1024);
            assertThat(inspected.path("ImageName").asText()).isEqualTo(IMAGE);
            assertThat(inspected.path("Config").path("Secrets").size()).as("the key file as a secret").isEqualTo(1);
            hostnames.add(inspected.path("Config").path("Hostname").asText());
            agentIds.add(inspected.path("Config").path("Labels").path("io.runfleet.agent").asText());
        }

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(RUNS);
        assertThat(study.path("launch").path("kind").asText()).as("launch of %s", study).isEqualTo("containers");
        assertThat(SYSTEM.scheduler().runs(studyId)).extracting(run -> run.path("agentId").asText())
                .as("every run on a container agent").allMatch(agentIds::contains);
        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(RUNS);
        for (JsonNode row : rows) {
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("_host").asText()).as("_host in %s", row).isIn(hostnames);
            assertThat(row.path("x").asLong()).as("x in %s", row).isEqualTo(row.path("i").asLong());
        }

        // the launcher removes a container's secrets right after the container
        await("the containers of study " + studyId + " and their secrets removed").atMost(AGENTS_TIMEOUT)
                .pollInterval(Duration.ofMillis(500)).until(() -> containersOf(studyId).isEmpty()
                        && containers.stream().allMatch(container -> secretsOf(container).isEmpty()));
    }

    /** After the study above: its runs, never taken, must not meet that study's agents. */
    @Test
    @Order(2)
    void aStudyWhoseImageIsMissingSaysHowToBuildItAndStartsNothing() {
        String missing = "localhost/runfleet-it-missing:" + SUFFIX;
        awaitLaunchError(study().replace("image: " + IMAGE, "image: " + missing),
                List.of(missing, "podman build -t " + missing, "podman load -i", "runfleet.containers.pull"));
    }

    @Test
    @Order(3)
    void aStudyWhoseEngineIsMissingNamesBothEnginesAndTheSetting() {
        String engine = "/nonexistent-" + SUFFIX + "/podman";
        awaitLaunchError(study().replace("memory: 512m}", "memory: 512m, engine: " + engine + "}"),
                List.of(engine, "launch.containers.engine", "install podman or docker"));
    }

    /** Submits the study, waits for its launch error, cancels it: no container of it may exist at any point. */
    private static void awaitLaunchError(String yaml, List<String> fragments) {
        String studyId = SYSTEM.scheduler().submitValidYaml(yaml);
        studies.add(studyId);
        await("the launch error of study " + studyId).atMost(AGENTS_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(SYSTEM.scheduler().study(studyId).path("launch").path("lastError").asText())
                        .contains(fragments));
        assertThat(containersOf(studyId)).as("containers of %s", studyId).isEmpty();
        SYSTEM.scheduler().rest().post("/studies/" + studyId + "/cancel", "application/json", "").expect(200);
    }

    private static String study() {
        return """
                name: it-launch-containers
                parameters:
                  grid: {i: [%s]}
                template:
                  command: [sh, -c, 'sleep 1; echo "{\\"x\\": {{ i }} }" > result.json']
                  timeout: 60s
                outputs:
                  - {json: result.json}
                policy: {retries: 0, crashLimit: 2}
                launch: {containers: {image: %s, agents: 2, slots: 2, cpus: 1, memory: 512m}}
                """.formatted(IntStream.rangeClosed(1, RUNS).mapToObj(String::valueOf)
                .collect(Collectors.joining(", ")), IMAGE);
    }

    private static List<String> awaitContainers(String studyId, int count) {
        await(count + " containers of study " + studyId).atMost(AGENTS_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> containersOf(studyId).size() >= count);
        return containersOf(studyId);
    }

    private static List<String> containersOf(String studyId) {
        return podman.output(List.of("ps", "--all", "--filter", "label=io.runfleet.study=" + studyId, "--format",
                "{{.Names}}"), "listing the study's containers").lines().map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    private static List<String> secretsOf(String container) {
        return podman.output(List.of("secret", "ls", "--format", "{{.Name}}"), "secret ls").lines().map(String::strip)
                .filter(name -> name.startsWith(secretPrefix(container))).toList();
    }

    /** How the launcher names a container's podman secrets (PodmanSecrets.prefix): podman allows 64 characters. */
    private static String secretPrefix(String container) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(container.getBytes(StandardCharsets.UTF_8));
            return "rf-" + HexFormat.of().formatHex(digest).substring(0, 24) + "-";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String containersConf() {
        String configured = System.getenv("CONTAINERS_CONF");
        return configured == null || configured.isBlank()
                ? ItPaths.root().resolve("deploy/podman/containers.conf").toString() : configured;
    }
}
