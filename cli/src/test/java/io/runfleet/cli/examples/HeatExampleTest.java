package io.runfleet.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.cli.study.StudyFile;
import io.runfleet.wire.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example study runs as the agent would run it: rendered templates, {@code sh simulate.sh}, parsed outputs. */
class HeatExampleTest {

    private static final Path STUDY = Path.of("..", "examples", "heat", "study.yaml");

    @TempDir
    Path dir;

    @Test
    void everyGridPointSimulatesToFiniteOutputsBetweenTheBoundaryTemperatures() throws Exception {
        JsonNode study = StudyFile.load(STUDY).document();
        List<Map<String, Object>> points = gridPoints(study.path("parameters"));
        assertThat(points).hasSize(12);
        Pattern energyPattern = Pattern.compile(study.path("outputs").get(1).path("regex").asText());

        for (Map<String, Object> point : points) {
            Path runDir = Files.createDirectories(dir.resolve("run-" + points.indexOf(point)));
            study.path("template").path("files").fields().forEachRemaining(file ->
                    write(runDir.resolve(file.getKey()), Template.parse(file.getValue().asText()).render(point)));

            String stdout = runSimulation(runDir);

            JsonNode result = new ObjectMapper().readTree(runDir.resolve("result.json").toFile());
            double center = result.path("t_center").asDouble(Double.NaN);
            double mean = result.path("t_mean").asDouble(Double.NaN);
            assertThat(result.path("steps").asInt()).isEqualTo(2000);
            assertThat(center).isFinite().isBetween(20.0, 100.0);
            assertThat(mean).isFinite().isBetween(20.0, 100.0);
            Matcher energy = lastMatch(energyPattern, stdout);
            assertThat(Double.parseDouble(energy.group("energy")))
                    .isCloseTo(mean * ((Number) point.get("length")).doubleValue(), org.assertj.core.data.Offset.offset(1e-3));
        }
        // Same rod, higher conductivity: heat from the hot end reaches the centre sooner.
        assertThat(centerOf(study, 2.0, 1.0)).isGreaterThan(centerOf(study, 0.5, 1.0));
    }

    @Test
    void refusesAnUnstableTimeStepWithAClearError() throws Exception {
        JsonNode study = StudyFile.load(STUDY).document();
        Map<String, Object> point = gridPoints(study.path("parameters")).get(0);
        point.put("dt", 0.1);
        study.path("template").path("files").fields().forEachRemaining(file ->
                write(dir.resolve(file.getKey()), Template.parse(file.getValue().asText()).render(point)));

        Process process = new ProcessBuilder("sh", "simulate.sh").directory(dir.toFile()).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(stderr).contains("unstable").contains("lower dt");
        assertThat(dir.resolve("result.json")).doesNotExist();
    }

    private double centerOf(JsonNode study, double conductivity, double length) throws Exception {
        Map<String, Object> point = gridPoints(study.path("parameters")).get(0);
        point.put("conductivity", conductivity);
        point.put("length", length);
        Path runDir = Files.createDirectories(dir.resolve("c-" + conductivity + "-" + length));
        study.path("template").path("files").fields().forEachRemaining(file ->
                write(runDir.resolve(file.getKey()), Template.parse(file.getValue().asText()).render(point)));
        runSimulation(runDir);
        return new ObjectMapper().readTree(runDir.resolve("result.json").toFile()).path("t_center").asDouble();
    }

    private static String runSimulation(Path runDir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "simulate.sh").directory(runDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of simulate.sh in " + runDir).isZero();
        return stdout;
    }

    /** The grid's cartesian product, first key slowest, with the constants merged in. */
    private static List<Map<String, Object>> gridPoints(JsonNode parameters) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        parameters.path("grid").fields().forEachRemaining(axis -> {
            List<Map<String, Object>> expanded = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (JsonNode value : axis.getValue()) {
                    Map<String, Object> next = new LinkedHashMap<>(point);
                    next.put(axis.getKey(), value.numberValue());
                    expanded.add(next);
                }
            }
            points.clear();
            points.addAll(expanded);
        });
        for (Map<String, Object> point : points) {
            parameters.path("constants").fields().forEachRemaining(c -> point.put(c.getKey(), c.getValue().numberValue()));
        }
        return points;
    }

    private static Matcher lastMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        Matcher last = null;
        while (matcher.find()) {
            last = pattern.matcher(text);
            last.find(matcher.start());
        }
        assertThat(last).as("a line matching " + pattern + " in\n" + text).isNotNull();
        return last;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
