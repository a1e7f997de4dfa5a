package io.runfleet.agent.execution;

import static io.runfleet.agent.execution.RunRequests.command;
import static io.runfleet.agent.execution.RunRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.output.JsonOutputParser;
import io.runfleet.agent.output.OutputParsers;
import io.runfleet.agent.output.RegexOutputParser;
import io.runfleet.wire.KeptFile;
import io.runfleet.wire.OutputSpec;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files a run leaves are reported by reference; files parsed into outputs are read only up to a limit. */
class LargeOutputsTest {

    private static final long PARSE_LIMIT = 64 * 1024;

    @TempDir
    Path workDir;

    private RunExecutor executor(int maxKeptFiles) {
        OutputParsers parsers = new OutputParsers(List.of(new JsonOutputParser(), new RegexOutputParser()),
                PARSE_LIMIT, OutputParsers.DEFAULT_PARSE_TIMEOUT);
        return new RunExecutor(workDir, parsers, 20, Duration.ofSeconds(2), maxKeptFiles);
    }

    @Test
    void keptFilesAreListedWithSizeAndTheSha256OfTheirContent() throws Exception {
        RunSpec spec = command(List.of("sh", "-c", "mkdir -p out; head -c 3000000 /dev/zero > out/big.bin; "
                + "echo progress; printf '{\"e\": 1}' > r.json"), new OutputSpec(OutputSpec.JSON, "r.json", null));

        Execution execution = executor(100).execute(request(spec, Map.of()));

        Path runDir = workDir.resolve("study-1").resolve("7-run-a-a2");
        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.kept().directory()).isEqualTo(runDir.toAbsolutePath().toString());
        assertThat(execution.kept().files()).extracting(KeptFile::path)
                .containsExactly("out/big.bin", "r.json", "stderr", "stdout");
        assertThat(execution.kept().omitted()).isZero();
        for (KeptFile file : execution.kept().files()) {
            Path onDisk = runDir.resolve(file.path());
            assertThat(file.size()).as("size of %s", file.path()).isEqualTo(Files.size(onDisk));
            assertThat(file.sha256()).as("SHA-256 of %s", file.path()).isEqualTo(sha256(onDisk));
        }
        assertThat(execution.kept().files().get(0).size()).isEqualTo(3_000_000L);
    }

    @Test
    void filesBeyondTheListLimitAreCountedAsOmitted() {
        RunSpec spec = command(List.of("sh", "-c", "for i in 1 2 3 4 5; do echo $i > f$i; done"));

        Execution execution = executor(3).execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.kept().files()).extracting(KeptFile::path).containsExactly("f1", "f2", "f3");
        assertThat(execution.kept().omitted()).isEqualTo(4);
    }

    @Test
    void keepNoneReportsNoFiles() {
        RunSpec spec = new RunSpec(List.of("sh", "-c", "echo x > f"), false, null, Map.of(), Map.of(), 0, List.of(),
                "none");

        Execution execution = executor(100).execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.kept()).isNull();
    }

    @Test
    void aParsedFileOverTheLimitFailsTheRunNamingTheFileItsSizeAndTheLimit() {
        RunSpec spec = command(List.of("sh", "-c", "printf '{\"a\": \"'; head -c 100000 /dev/zero | tr '\\0' x; "
                + "printf '\"}'"), new OutputSpec(OutputSpec.JSON, "stdout", null));

        Execution execution = executor(100).execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.exitCode()).isZero();
        assertThat(execution.error()).isEqualTo("output stdout: 100009 bytes, more than the limit of " + PARSE_LIMIT
                + " bytes for a parsed output (runfleet.agent.max-parsed-output-bytes); parse a smaller summary and "
                + "leave bulk data in files, which results list by reference");
        assertThat(execution.outputs()).isEmpty();
        assertThat(execution.kept().files()).extracting(KeptFile::path).contains("stdout");
    }

    @Test
    void aRegexOverALargeStdoutIsRefusedBeforeItIsRead() {
        RunSpec spec = command(List.of("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' '\\n'; echo e=5"),
                new OutputSpec(OutputSpec.REGEX, "stdout", "e=(?<e>\\d+)"));

        Execution execution = executor(100).execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(execution.error()).startsWith("output stdout: 200004 bytes, more than the limit of " + PARSE_LIMIT);
    }

    @Test
    void aParsedFileWithinTheLimitIsRead() {
        RunSpec spec = command(List.of("sh", "-c", "head -c 1000 /dev/zero | tr '\\0' '\\n'; echo e=5"),
                new OutputSpec(OutputSpec.REGEX, "stdout", "e=(?<e>\\d+)"));

        Execution execution = executor(100).execute(request(spec, Map.of()));

        assertThat(execution.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(execution.outputs()).containsEntry("e", 5L);
    }

    private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
