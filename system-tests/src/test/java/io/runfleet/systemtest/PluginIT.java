package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example plugin jar (examples/plugin) on the plugin path of packaged agents: a study of its step, output parser
 * and file output, and one of its in-process simulation, run by name; a plugin the scheduler does not know is refused
 * at submission with the reason, and one it knows but the agents lack fails its runs naming their plugin path.
 */
class PluginIT {

    private static final Path EXAMPLES = ItPaths.root().resolve("examples/plugin");
    private static final Path PLUGIN_JAR = exampleJar();

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(Transport.ZEROMQ, 2)
            .withAgentSetting("runfleet.agent.plugin-path", PLUGIN_JAR.toString())
            // "volume" is known to the scheduler but on no agent's plugin path
            .withSchedulerSetting("runfleet.scheduler.plugins", "last-number,mesh,rosenbrock,volume");

    @Test
    void aStepAnOutputParserAndAFileOutputOfThePluginRunByName() throws Exception {
        String id = SYSTEM.scheduler().submitValidYaml(read("mesh-study.yaml"));
        JsonNode study = SYSTEM.scheduler().awaitState(id, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("%s", study).isEqualTo(2);

        Map<Integer, JsonNode> byPoints = SYSTEM.results().rows(id).stream()
                .collect(Collectors.toMap(row -> row.path("n").asInt(), Function.identity()));
        assertThat(byPoints.keySet()).containsExactlyInAnyOrder(3, 5);
        for (Map.Entry<Integer, JsonNode> entry : byPoints.entrySet()) {
            JsonNode row = entry.getValue();
            assertThat(row.path("last_x").asDouble()).as("%s", row).isEqualTo(1.0);
            String mesh = mesh(entry.getKey());
            JsonNode file = row.path("mesh");
            assertThat(file.path("path").asText()).as("%s", row).isEqualTo("mesh.txt");
            assertThat(file.path("size").asLong()).as("%s", row).isEqualTo(mesh.length());
            assertThat(file.path("sha256").asText()).as("%s", row).isEqualTo(sha256(mesh));

            Rest.Response download = SYSTEM.results().rest().get("/studies/" + id + "/runs/"
                    + row.path("_run_id").asText() + "/files/mesh.txt");
            assertThat(download.expectText(200)).isEqualTo(mesh);
        }
    }

    @Test
    void aSimulationRunsInTheAgentsJvm() {
        String id = SYSTEM.scheduler().submitValidYaml(read("rosenbrock-study.yaml"));
        SYSTEM.scheduler().awaitState(id, "COMPLETED");

        Map<Double, Double> fByX = SYSTEM.results().rows(id).stream()
                .collect(Collectors.toMap(row -> row.path("x").asDouble(), row -> row.path("f").asDouble()));
        assertThat(fByX).isEqualTo(Map.of(0.0, 101.0, 0.5, 56.5, 1.0, 0.0));
    }

    @Test
    void anUnknownPluginIsRefusedAtSubmissionNamingTheKnownOnes() {
        Rest.Response refused = SYSTEM.scheduler().submitYaml("""
                name: unknown-plugin
                parameters: {grid: {x: [1]}}
                template: {simulation: cube}
                outputs: [{plugin: counter, file: log.txt}]
                """);

        String body = refused.expectText(400);
        assertThat(body).contains("template.simulation").contains("plugin 'cube' is not known to this scheduler")
                .contains("outputs[0].plugin").contains("plugin 'counter'")
                .contains("known plugins: last-number, mesh, rosenbrock, volume (runfleet.scheduler.plugins)");
    }

    @Test
    void aPluginTheAgentsLackFailsItsRunNamingTheirPluginPath() {
        String id = SYSTEM.scheduler().submitValidYaml("""
                name: missing-plugin
                parameters: {grid: {x: [1]}}
                template: {simulation: volume}
                """);
        List<JsonNode> failed = SYSTEM.scheduler().awaitRuns(id, "FAILED", 1);
        assertThat(failed.get(0).path("error").asText()).isEqualTo("step 'simulate': step plugin or simulation "
                + "'volume' is not on this agent's plugin path (runfleet.agent.plugin-path=" + PLUGIN_JAR
                + "; it holds mesh, rosenbrock)");
    }

    private static String mesh(int points) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < points; i++) {
            text.append(String.format(java.util.Locale.ROOT, "%d %.6f%n", i, (double) i / (points - 1)));
        }
        return text.toString();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(String example) {
        try {
            return Files.readString(EXAMPLES.resolve(example));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + example, e);
        }
    }

    /** The packaged example plugin: {@code examples/plugin/target/runfleet-example-plugin-*.jar}. */
    private static Path exampleJar() {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("runfleet-example-plugin-[^-]+(-SNAPSHOT)?"
                    + "\\.jar")).findFirst().orElseThrow(() -> new IllegalStateException("no example plugin jar in "
                    + EXAMPLES.resolve("target") + "; package the build first"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + EXAMPLES.resolve("target"), e);
        }
    }
}
