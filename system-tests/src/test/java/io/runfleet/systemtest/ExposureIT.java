package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.wire.security.RestRole;
import io.runfleet.wire.security.RestTokensFile;
import io.runfleet.wire.security.SecretFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged results service told to listen on every interface (0.0.0.0): with authentication on (the
 * default) it starts, makes its tokens file owner-only and wants a token; with authentication off it refuses
 * to start and names both ways out, unless the refusal is waived on purpose.
 */
class ExposureIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Database database;
    private static Path logDir;
    private static Path dataRoot;

    @BeforeAll
    static void freshDatabase() {
        database = Database.createFresh();
        logDir = ItPaths.logDir(ExposureIT.class);
        dataRoot = ItPaths.dataDir(ExposureIT.class);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void withAuthenticationOnItServesTheNetworkAndWantsTheGeneratedToken() throws Exception {
        Path dataDir = dataRoot.resolve("auth-on");
        int port = new FreePorts().next();
        ServiceProcess service = start("auth-on", port, dataDir, Map.of());
        try {
            service.awaitHealthy("http://127.0.0.1:" + port + "/health");
            Path tokensFile = dataDir.resolve("security").resolve("rest-tokens");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokensFile))).isEqualTo("rw-------");
            String admin = RestTokensFile.parse(SecretFiles.read(tokensFile), tokensFile).stream()
                    .filter(token -> token.roles().contains(RestRole.ADMIN)).findFirst().orElseThrow().secret();

            assertThat(status(port, null)).isEqualTo(401);
            assertThat(status(port, admin)).isEqualTo(200);
            assertThat(String.join("\n", service.logLines())).doesNotContain(admin);
        } finally {
            service.stop();
        }
    }

    @Test
    void withAuthenticationOffItRefusesToStartAndNamesTheSettings() throws Exception {
        ServiceProcess service = start("auth-off", new FreePorts().next(), dataRoot.resolve("auth-off"),
                Map.of("runfleet.security.auth.enabled", "false"));
        try {
            boolean exited = service.process().waitFor(ServiceProcess.STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(exited).as("the service exits by itself").isTrue();
            assertThat(service.process().exitValue()).isNotZero();
            assertThat(String.join("\n", service.logLines()))
                    .contains("refusing to serve HTTP on 0.0.0.0")
                    .contains("runfleet.security.auth.enabled=true")
                    .contains("runfleet.security.insecure=true");
        } finally {
            service.stop();
        }
    }

    @Test
    void theRefusalCanBeWaivedOnPurpose() throws Exception {
        int port = new FreePorts().next();
        ServiceProcess service = start("insecure", port, dataRoot.resolve("insecure"),
                Map.of("runfleet.security.auth.enabled", "false", "runfleet.security.insecure", "true"));
        try {
            service.awaitHealthy("http://127.0.0.1:" + port + "/health");
            assertThat(status(port, null)).isEqualTo(200);
        } finally {
            service.stop();
        }
    }

    private static ServiceProcess start(String name, int port, Path dataDir, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "0.0.0.0");
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("runfleet.data-dir", dataDir.toString());
        properties.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        properties.put("quarkus.datasource.username", database.user());
        properties.put("quarkus.datasource.password", database.password());
        FreePorts ports = new FreePorts();
        properties.put("runfleet.results.zmq-bind", "tcp://127.0.0.1:" + ports.next());
        properties.put("runfleet.results.events-bind", "tcp://127.0.0.1:" + ports.next());
        properties.put("runfleet.results.scheduler-endpoint", "tcp://127.0.0.1:" + ports.next());
        properties.putAll(extra);
        return ServiceProcess.startJar("results-" + name, ItPaths.serviceJar("results-service"), properties, Map.of(),
                logDir);
    }

    private static int status(int port, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/studies/none/attempts")).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
