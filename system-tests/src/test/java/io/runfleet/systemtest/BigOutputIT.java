package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large outputs on agents with a small heap ({@code -Xmx256m}): a run that writes 2 GB of files and 50 MB of stdout
 * is stored by reference (path, size, SHA-256), a parsed output over the agent's limit and a result over the message
 * limit each fail their own run with a reason that says so, and the normal runs of the same study are unaffected.
 */
class BigOutputIT {

    private static final long BIG_FILE_BYTES = 2L * 1024 * 1024 * 1024;
    private static final long STDOUT_BYTES = 50L * 1024 * 1024;
    /** The 2 GB file, the 50 MB stdout, the oversized outputs and a margin for logs and the database. */
    private static final long DISK_NEEDED = BIG_FILE_BYTES + 512L * 1024 * 1024;
    /** Defaults of the agent and the wire, stated here so that a change of either is a visible test change. */
    private static final long PARSED_OUTPUT_LIMIT = 8L * 1024 * 1024;
    private static final long MESSAGE_LIMIT = 16L * 1024 * 1024;
    /** Far above any row of references and bookkeeping, far below a single file's content. */
    private static final int MAX_ROW_BYTES = 64 * 1024;

    @RegisterExtension
    static final SystemUnderTest SYSTEM = SystemUnderTest.withAgents(2, 2).withAgentHeap("256m");

    @AfterAll
    static void deleteTheLargeFiles() throws IOException {
        for (Path workDir : SYSTEM.agentWorkDirs()) {
            if (!Files.isDirectory(workDir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(workDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (Files.size(file) > 1024 * 1024) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    @Test
    void largeFilesAreStoredByReferenceAndOversizedOutputsFailOnlyTheirOwnRun(@TempDir Path scratch) throws Exception {
        Path workRoot = SYSTEM.agentWorkDir(0).getParent();
        Files.createDirectories(workRoot);
        assertThat(Files.getFileStore(workRoot).getUsableSpace()).as("free bytes for the agents' work directories "
                + "under %s (the big run writes 2 GB there; free space and run again)", workRoot)
                .isGreaterThan(DISK_NEEDED);
        assertThat(SYSTEM.agent(0).logLines().get(0)).as("agent command line").contains(" -Xmx256m ");

        ExecutionLog executions = ExecutionLog.in(scratch);
        String studyId = SYSTEM.scheduler().submitValidJson(study(executions));
        List<JsonNode> runs = awaitAllEnded(studyId, 7);

        FaultInvariants.Tally tally = FaultInvariants.of("large outputs (2 GB files, 50 MB stdout, -Xmx256m)", SYSTEM)
                .executions(executions)
                .outputs(row -> assertThat(row.path("square").asLong()).as("output of %s", row)
                        .isEqualTo(row.path("i").asLong() * row.path("i").asLong()))
                .check(studyId, 7);
        assertThat(tally.states()).isEqualTo(Map.of("SUCCEEDED", 5, "FAILED", 2));

        // keyed by kind and i: the four normal runs share their kind
        Map<String, JsonNode> runByKey = byKey(runs, run -> run.path("params").path("kind").asText() + "-"
                + run.path("params").path("i").asInt());
        Map<String, JsonNode> rowByKey = byKey(SYSTEM.results().rows(studyId), row -> row.path("kind").asText() + "-"
                + row.path("i").asInt());

        JsonNode bigRow = rowByKey.get("big-4");
        assertThat(bigRow.path("_state").asText()).isEqualTo("SUCCEEDED");
        Path runDir = Path.of(bigRow.path("_run_dir").asText());
        Map<String, JsonNode> files = byKey(JsonLists.elements(bigRow.path("_files")), f -> f.path("path").asText());
        assertThat(files).containsKeys("data/field.bin", "data/mesh.bin", "stdout", "stderr", "result.json",
                "more.json", "most.json");
        assertReference(files.get("data/field.bin"), runDir, BIG_FILE_BYTES - 4096);
        assertReference(files.get("data/mesh.bin"), runDir, 4096);
        assertReference(files.get("stdout"), runDir, STDOUT_BYTES);

        JsonNode tooLargeToParse = runByKey.get("parse-limit-5");
        assertThat(tooLargeToParse.path("state").asText()).isEqualTo("FAILED");
        assertThat(tooLargeToParse.path("error").asText()).as("error of %s", tooLargeToParse)
                .isEqualTo("output result.json: 9437199 bytes, more than the limit of " + PARSED_OUTPUT_LIMIT
                        + " bytes for a parsed output (runfleet.agent.max-parsed-output-bytes); parse a smaller "
                        + "summary and leave bulk data in files, which results list by reference");
        assertThat(rowByKey.get("parse-limit-5").path("_error").asText())
                .isEqualTo(tooLargeToParse.path("error").asText());

        JsonNode oversized = runByKey.get("oversized-6");
        assertThat(oversized.path("state").asText()).isEqualTo("FAILED");
        assertThat(oversized.path("error").asText()).as("error of %s", oversized)
                .matches("result refused: \\d+ bytes encoded, more than the message limit of " + MESSAGE_LIMIT
                        + " bytes; the largest output is '(more|most|square)' with \\d+ bytes; keep bulk data in files "
                        + "\\(results list them by reference\\) and output a summary");
        assertThat(rowByKey.get("oversized-6").path("_error").asText()).isEqualTo(oversized.path("error").asText());
        assertThat(rowByKey.get("oversized-6").path("_files").size()).as("the refused run's files are still listed")
                .isGreaterThan(0);

        assertThat(largestRowBytes(studyId)).as("largest attempt row of the study in the results database, in bytes")
                .isLessThan(MAX_ROW_BYTES);
        assertThat(SYSTEM.agentWorkDirs().size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            ServiceProcess agent = SYSTEM.agent(i);
            assertThat(agent.isAlive()).as("%s still running", agent).isTrue();
            assertThat(agent.logLines()).as("log of %s", agent).noneMatch(line -> line.contains("OutOfMemoryError"));
        }
        assertThat(SYSTEM.services()).allSatisfy(service ->
                assertThat(service.isAlive()).as("%s still running", service).isTrue());
    }

    /**
     * Four normal runs, the big run, a run whose parsed output is over the agent's limit and a run whose outputs
     * together are over the message limit. Every run writes all three output files; only the last two write large
     * ones. The big run's 2 GB are one {@code fallocate} (no data written, read back as zeros) plus a small file of
     * random bytes. Submitted as JSON, so the shell text needs no YAML quoting.
     */
    private static Map<String, Object> study(ExecutionLog executions) {
        String script = String.join("; ",
                ExecutionLog.appendCommand(),
                "printf '{\"square\": %d}' $(( {{ i }} * {{ i }} )) > result.json",
                "echo {} > more.json",
                "echo {} > most.json",
                "case {{ kind }} in"
                        + " big) mkdir -p data && fallocate -l " + (BIG_FILE_BYTES - 4096) + " data/field.bin"
                        + " && head -c 4096 /dev/urandom > data/mesh.bin"
                        + " && yes 'time step done, residual 1e-9' | head -c " + STDOUT_BYTES + " ;;"
                        + " parse-limit) { printf '{\"square\": \"'; head -c 9437184 /dev/zero | tr '\\0' x;"
                        + " printf '\"}\\n'; } > result.json ;;"
                        + " oversized) for f in more most; do { printf '{\"%s\": \"' $f; head -c 7340032 /dev/zero"
                        + " | tr '\\0' y; printf '\"}'; } > $f.json; done;"
                        + " { printf '{\"square\": \"'; head -c 3145728 /dev/zero | tr '\\0' z; printf '\"}'; }"
                        + " > result.json ;;"
                        + " esac");
        List<Map<String, Object>> points = List.of(
                Map.of("kind", "normal", "i", 0), Map.of("kind", "normal", "i", 1), Map.of("kind", "normal", "i", 2),
                Map.of("kind", "normal", "i", 3), Map.of("kind", "big", "i", 4), Map.of("kind", "parse-limit", "i", 5),
                Map.of("kind", "oversized", "i", 6));
        return Map.of(
                "name", "big-outputs",
                "parameters", Map.of("points", points),
                "template", Map.of(
                        "command", List.of("sh", "-c", script),
                        "environment", Map.of(ExecutionLog.VARIABLE, executions.file().toString()),
                        "timeout", "300s"),
                "outputs", List.of(Map.of("json", "result.json"), Map.of("json", "more.json"),
                        Map.of("json", "most.json")),
                "policy", Map.of("maxParallel", 4, "retries", 0, "crashLimit", 3));
    }

    private static List<JsonNode> awaitAllEnded(String studyId, int runs) {
        return await("every run of study " + studyId + " ended").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> SYSTEM.scheduler().runs(studyId, runs + 10), all -> all.size() == runs
                        && all.stream().allMatch(run -> FaultInvariants.TERMINAL.contains(run.path("state").asText())));
    }

    private static void assertReference(JsonNode reference, Path runDir, long size) throws IOException {
        Path file = runDir.resolve(reference.path("path").asText());
        assertThat(Files.size(file)).as("size of %s on disk", file).isEqualTo(size);
        assertThat(reference.path("size").asLong()).as("size in %s", reference).isEqualTo(size);
        assertThat(reference.path("sha256").asText()).as("SHA-256 in %s", reference).isEqualTo(sha256(file));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The largest attempt row of the study as PostgreSQL stores it (every column, compressed or not). */
    private static long largestRowBytes(String studyId) {
        Database database = SYSTEM.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT max(octet_length(a::text)) FROM results.attempt a WHERE a.study_id = ?")) {
            select.setString(1, studyId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot measure the attempt rows of " + studyId + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> nodes, Function<JsonNode, String> key) {
        return nodes.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> {
            throw new AssertionError("two entries with the same key: " + a + " and " + b);
        }));
    }
}
