package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parameter values that a shell would interpret arrive at the command verbatim, as single arguments
 * and environment values, and nothing they spell out is executed.
 */
class InjectionIT {

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2);

    private static Path sentinelDir;
    private static Path sentinel;

    @BeforeAll
    static void createSentinel() throws IOException {
        sentinelDir = Files.createTempDirectory(Path.of("/tmp"), "rf-it-sentinel-");
        sentinel = Files.writeString(sentinelDir.resolve("x"), "must survive");
    }

    @AfterAll
    static void removeSentinel() throws IOException {
        Files.deleteIfExists(sentinel);
        Files.deleteIfExists(sentinelDir);
    }

    @Test
    void hostileValuesArePassedVerbatimAndNeverInterpreted() {
        List<String> values = List.of("; rm -rf " + sentinel, "$(id)", "it's \"quoted\"", "two words");

        String studyId = SYSTEM.scheduler().submitValidJson(study(values));
        JsonNode study = SYSTEM.scheduler().awaitState(studyId, "COMPLETED");
        assertThat(study.path("counts").path("SUCCEEDED").asInt()).as("counts of %s", study).isEqualTo(values.size());

        List<JsonNode> rows = SYSTEM.results().rows(studyId);
        assertThat(rows).extracting(row -> row.path("v").asText()).containsExactlyInAnyOrderElementsOf(values);
        for (JsonNode row : rows) {
            String value = row.path("v").asText();
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            assertThat(row.path("len").asInt()).as("length of the argument in %s", row).isEqualTo(bytes);
            assertThat(row.path("arg").asText()).as("argument as the command saw it in %s", row).isEqualTo(value);
            assertThat(row.path("env_len").asInt()).as("length of the environment value in %s", row).isEqualTo(bytes);
            assertThat(row.path("env").asText()).as("environment value as the command saw it in %s", row).isEqualTo(value);
        }
        assertThat(sentinel).as("the file a value names for deletion").exists().hasContent("must survive");
    }

    /**
     * The command is the user's own {@code sh -c} script, which quotes its arguments; the values reach it
     * as separate arguments ({@code $1}) and an environment variable, never as script text.
     */
    private static Map<String, Object> study(List<String> values) {
        String script = "printf '%s' \"$1\" > arg.txt; printf '%s' \"$V\" > env.txt; "
                + "printf '{\"len\": %d, \"env_len\": %d}' \"${#1}\" \"${#V}\" > result.json";
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("command", List.of("sh", "-c", script, "sh", "{{ v }}"));
        template.put("environment", Map.of("V", "{{ v }}"));
        template.put("timeout", "30s");

        Map<String, Object> study = new LinkedHashMap<>();
        study.put("name", "it-injection");
        study.put("parameters", Map.of("grid", Map.of("v", values)));
        study.put("template", template);
        study.put("outputs", List.of(
                Map.of("json", "result.json"),
                Map.of("regex", "\\A(?<arg>.+)\\z", "file", "arg.txt"),
                Map.of("regex", "\\A(?<env>.+)\\z", "file", "env.txt")));
        study.put("policy", Map.of("maxParallel", 2, "retries", 0, "crashLimit", 3));
        return study;
    }
}
