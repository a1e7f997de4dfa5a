package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.wire.rabbitmq.BrokerRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compose stack as shipped (deploy/compose/docker-compose.yml, default RabbitMQ profile) run end to end:
 * docker-compose builds the three images FROM the local base image and starts the scheduler, the results
 * service and two agents in containers, with deploy/compose/docker-compose.host-services.yml pointing them at
 * this machine's PostgreSQL and RabbitMQ (a database, vhost and broker users of the test's own). The stages
 * example goes in through the scheduler's HTTP API with the stack's admin token and its results come back
 * from the results service. Podman, docker-compose and the base image are required: without them it fails.
 */
class ComposeStackIT {

    private static final Path COMPOSE_DIR = ItPaths.root().resolve("deploy/compose");
    private static final Path STUDY = ItPaths.root().resolve("examples/stages/study.yaml");
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    private static final String TAG = "it-" + SUFFIX;
    private static final String TOKEN = "it-" + UUID.randomUUID() + UUID.randomUUID();
    private static final List<String> IMAGES = List.of("scheduler-service", "results-service", "worker-agent");
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path logs;
    private static Podman podman;
    private static PodmanApiService api;
    private static Database database;
    private static RabbitMqBroker broker;
    private static ComposeProject compose;
    private static SchedulerApi scheduler;
    private static ResultsApi results;

    @BeforeAll
    static void startTheStack() {
        podman = Podman.requireUsable();
        String baseImage = Podman.baseImage();
        podman.requireImage(baseImage);
        logs = ItPaths.logDir(ComposeStackIT.class);
        api = PodmanApiService.start(ItPaths.workDir(ComposeStackIT.class), logs.resolve("podman-api.log"),
                podman.environment());
        database = Database.createFresh();
        broker = RabbitMqBroker.createFreshVirtualHost();
        FreePorts ports = new FreePorts();
        int schedulerPort = ports.next();
        int resultsPort = ports.next();

        Map<String, String> environment = new HashMap<>(podman.environment());
        environment.put("DOCKER_HOST", api.dockerHost());
        environment.put("RUNFLEET_BASE_IMAGE", baseImage);
        environment.put("RUNFLEET_TAG", TAG);
        environment.put("RUNFLEET_TOKEN", TOKEN);
        environment.put("RUNFLEET_SCHEDULER_PORT", String.valueOf(schedulerPort));
        environment.put("RUNFLEET_RESULTS_PORT", String.valueOf(resultsPort));
        environment.put("RUNFLEET_HOST_DB_NAME", database.name());
        environment.put("RUNFLEET_HOST_DB_USER", database.user());
        if (!database.password().isEmpty()) {
            // an empty value would read as unset in the container (Quarkus); trust needs none
            environment.put("RUNFLEET_DB_PASSWORD", database.password());
        }
        environment.put("RUNFLEET_HOST_RABBITMQ_VHOST", broker.virtualHost());
        for (BrokerRole role : BrokerRole.values()) {
            String prefix = "RUNFLEET_RABBITMQ_" + role.key().toUpperCase(Locale.ROOT);
            environment.put(prefix + "_USER", broker.userOf(role));
            environment.put(prefix + "_PASSWORD", broker.passwordOf(role));
        }
        compose = new ComposeProject("rf-compose-" + SUFFIX,
                List.of(COMPOSE_DIR.resolve("docker-compose.yml"), COMPOSE_DIR.resolve("docker-compose.host-services.yml")),
                environment);

        compose.run("build");
        compose.run("up", "-d", "scheduler", "results");
        String schedulerUrl = "http://127.0.0.1:" + schedulerPort;
        String resultsUrl = "http://127.0.0.1:" + resultsPort;
        awaitHealthy(schedulerUrl);
        awaitHealthy(resultsUrl);
        // podman runs no health checks here: the agents start once the test has seen both services healthy
        compose.run("up", "-d", "--scale", "agent=2", "agent");
        scheduler = new SchedulerApi(Rest.withToken(schedulerUrl, TOKEN));
        results = new ResultsApi(Rest.withToken(resultsUrl, TOKEN));
    }

    private static void awaitHealthy(String baseUrl) {
        await(baseUrl + "/health UP (the containers' logs go to " + logs.resolve("compose.log") + ")")
                .atMost(HEALTH_TIMEOUT)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @AfterAll
    static void removeEverything() {
        try {
            if (compose != null) {
                keepLogs();
                compose.attempt("down", "-v", "--remove-orphans", "-t", "10");
                IMAGES.forEach(image -> podman.removeImage("runfleet/" + image + ":" + TAG));
            }
        } finally {
            closeAll(api, broker, database);
        }
    }

    private static void keepLogs() {
        Path log = logs.resolve("compose.log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, compose.attempt("ps") + compose.attempt("logs", "--no-color"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the stack's logs in " + log, e);
        }
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("cleaning up after " + ComposeStackIT.class.getSimpleName(), e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void theStackRunsTheStagesExampleInContainers() throws IOException {
        String studyId = scheduler.submitValidYaml(Files.readString(STUDY));

        JsonNode study = scheduler.awaitState(studyId, "COMPLETED");
        assertThat(study.path("total").asInt()).as("%s", study).isEqualTo(15);
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("%s", study).isEqualTo(15);

        List<JsonNode> rows = results.rows(studyId);
        assertThat(rows).hasSize(15);
        String testHost = InetAddress.getLocalHost().getHostName();
        for (JsonNode row : rows) {
            assertThat(row.path("_state").asText()).as("_state in %s", row).isEqualTo("SUCCEEDED");
            // executed in an agent container (its own hostname), not on this machine
            assertThat(row.path("_host").asText()).as("_host in %s", row).isNotBlank().isNotEqualTo(testHost);
        }
        assertThat(rows.stream().filter(row -> row.path("_stage").asText().equals("main")))
                .hasSize(3)
                .allSatisfy(row -> assertThat(row.path("y").asLong()).as("y in %s", row).isEqualTo(row.path("x").asLong() * 10));
    }
}
