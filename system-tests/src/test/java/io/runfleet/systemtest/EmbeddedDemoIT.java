package io.runfleet.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code bin/runfleet demo} runs an example study end to end on one
 * machine with nothing but Java. Database and broker settings in the environment point at closed
 * ports, proving the demo uses neither.
 */
class EmbeddedDemoIT {

    /** Generous: a first use builds the embedded variant, then starts services and agents; it measures no speed. */
    private static final long DEMO_TIMEOUT_SECONDS = 600;

    @Test
    void theDemoRunsAStudyEndToEndWithoutExternalServices() throws Exception {
        Path launcher = ItPaths.root().resolve("bin/runfleet");
        assertThat(launcher).as("the launcher script the README starts with").isExecutable();
        Path logDir = ItPaths.logDir(EmbeddedDemoIT.class);
        Path dataDir = ItPaths.workDir(EmbeddedDemoIT.class).resolve("data");

        ServiceProcess demo = ServiceProcess.start("runfleet-demo",
                List.of(launcher.toString(), "demo", "--data-dir", dataDir.toString()),
                Map.of("RUNFLEET_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
                        "RABBITMQ_HOST", "127.0.0.1",
                        "RABBITMQ_PORT", "1"),
                ItPaths.root(), logDir);
        try {
            boolean exited = demo.process().waitFor(DEMO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(exited).as("the demo finished within %d s", DEMO_TIMEOUT_SECONDS).isTrue();
            assertThat(demo.process().exitValue()).as("exit code of the demo").isZero();

            List<Path> csvFiles = csvFilesUnder(dataDir);
            assertThat(csvFiles).as("CSV exports under %s", dataDir).isNotEmpty();
            assertThat(csvFiles).as("a CSV with a header and 12 rows")
                    .anySatisfy(csv -> assertThat(dataLines(csv)).hasSize(12));
            // H2 writes errors to NAME.trace.db; a stop that closed the database under the running services
            // left dozens of "Database is already closed" there
            for (Path trace : filesUnder(dataDir, ".trace.db")) {
                assertThat(Files.readString(trace)).as("H2 trace %s after the demo stopped", trace)
                        .doesNotContain("Database is already closed");
            }
        } catch (AssertionError | RuntimeException e) {
            System.err.println("===== last lines of " + demo + ", full log " + demo.log() + " =====");
            System.err.println(demo.logTail(80));
            throw e;
        } finally {
            demo.stop();
        }
    }

    private static List<Path> csvFilesUnder(Path dir) throws IOException {
        return filesUnder(dir, ".csv");
    }

    private static List<Path> filesUnder(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(path -> path.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    /** The lines after the header; the demo's values hold no line breaks. */
    private static List<String> dataLines(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv).stream().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? lines : lines.subList(1, lines.size());
    }
}
