package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker agent as a container image: the packaged agent is built into an image with podman
 * (worker-agent/src/main/docker/Dockerfile.jvm) and one container of it works a study for the
 * scheduler and results service running as local processes, over ZeroMQ on the host network.
 * Needs a usable podman and the base image (deploy/podman/setup-podman.sh); fails otherwise.
 */
@SideLane
class AgentContainerIT {

    /** The services only: the one agent is the container. */
    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents();

    private static final String IMAGE = "localhost/runfleet/worker-agent:it";
    private static final String READY_LINE = "taking runs without a pool with 2 slots";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** Four runs, each writing its parameter as JSON with the base image's busybox sh. */
    private static final String STUDY = """
            name: it-container-agent
            parameters:
              grid: {i: [1, 2, 3, 4]}
            template:
              command: [sh, -c, 'echo "{\\"x\\": {{ i }} }" > result.json']
              timeout: 30s
            outputs:
              - {json: result.json}
            policy: {maxParallel: 4, retries: 0, crashLimit: 1}
            """;

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    /** Distinct from the test host's name, so that rows prove where their runs were executed. */
    private static final String HOSTNAME = "runfleet-agent-" + SUFFIX;
    private static final String CONTAINER = "runfleet-agent-it-" + SUFFIX;

    private static Podman podman;

    @BeforeAll
    static void startOneAgentContainer() {
        podman = Podman.requireUsable();
        String baseImage = Podman.baseImage();
        podman.requireImage(baseImage);
        Path module = ItPaths.serviceJar("worker-agent").getParent().getParent().getParent();
        podman.build(ItPaths.root().resolve("worker-agent/src/main/docker/Dockerfile.jvm"), module, IMAGE,
                Map.of("BASE_IMAGE", baseImage));
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--name", CONTAINER,
                "--hostname", HOSTNAME,
                // The services listen on loopback only: the container shares the host's network.
                "--network", "host",
                // The host network's /etc/hosts does not name the container: the agent could not resolve
                // its own hostname and would report "unknown-host".
                "--add-host", HOSTNAME + ":127.0.0.1",
                "--env", "RUNFLEET_AGENT_CONNECT=tcp://127.0.0.1:" + SYSTEM.schedulerZmqPort(),
                "--env", "RUNFLEET_AGENT_SLOTS=2",
                "--env", "RUNFLEET_AGENT_DRAIN_TIMEOUT=5s"));
        // CurveZMQ: the agent's key pair and the scheduler's public key, as an agent on another host gets them
        SYSTEM.curveKeysAsEnvironment().forEach((name, value) -> arguments.addAll(List.of("--env", name + "=" + value)));
        arguments.add(IMAGE);
        podman.runDetached(arguments);
        awaitContainerLogLine(READY_LINE);
    }

    private static void awaitContainerLogLine(String line) {
        await("container " + CONTAINER + " logging '" + line + "'")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    String logs = podman.logs(CONTAINER);
                    if (logs.contains(line)) {
                        return true;
                    }
                    if (!podman.isRunning(CONTAINER)) {
                        throw new IllegalStateException("container " + CONTAINER + " stopped during start-up; its log:"
                                + System.lineSeparator() + logs);
                    }
                    return false;
                });
    }

    @AfterAll
    static void removeContainer() {
        if (podman == null) {
            return;
        }
        try {
            keepContainerLog();
        } finally {
            podman.removeForcibly(CONTAINER);
        }
    }

    /** Next to the services' logs, for whoever reads a failed build. */
    private static void keepContainerLog() {
        Path log = ItPaths.root().resolve("system-tests/target/it-logs")
                .resolve(AgentContainerIT.class.getSimpleName()).resolve("agent-container.log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, podman.logs(CONTAINER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the container's log in " + log, e);
        }
    }

    @Test
    void theContainerisedAgentExecutesEveryRunOfAStudy() {
        String studyId = SYSTEM.scheduler().submitValidYaml(STUDY);

        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(4);

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
            assertThat(row.path("x").asLong()).as("x in %s", row).isEqualTo(row.path("i").asLong());
            assertThat(row.path("_host").asText()).as("_host in %s", row).isEqualTo(HOSTNAME);
            assertThat(row.path("_agent").asText()).as("_agent in %s", row).startsWith(HOSTNAME + "-");
        }
        assertThat(rows.stream().map(row -> row.path("i").asLong()).collect(Collectors.toSet()))
                .as("every parameter value once").containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    }
}
