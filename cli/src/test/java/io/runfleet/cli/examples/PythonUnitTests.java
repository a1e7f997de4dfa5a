package io.runfleet.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python unit tests of an example directory ({@code python3 -B -m unittest -v}) from the build, so that the
 * build runs them. Skipped where there is no {@code python3}.
 */
abstract class PythonUnitTests {

    /** The tests take a few seconds; a minute means one hangs. */
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    /** The example's directory, relative to the module. */
    abstract Path example();

    @Test
    void thePythonUnitTestsPass() throws Exception {
        assumeTrue(pythonAvailable(), "python3 is not on the PATH");
        pass(example(), dir.resolve("unittest.log"));
    }

    /** Runs them in {@code example}, their output in {@code log}, and asserts that they pass. */
    private static void pass(Path example, Path log) throws IOException, InterruptedException {
        // Output to a file, not a pipe: reading a pipe to its end would wait out a hanging test, not time it out.
        Process process = new ProcessBuilder("python3", "-B", "-m", "unittest", "-v")
                .directory(example.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("python3 -m unittest ended within %d s; output:%n%s", TIMEOUT_SECONDS, output).isTrue();
        assertThat(process.exitValue()).as("python3 -m unittest in %s:%n%s", example, output).isZero();
        assertThat(output).contains("OK");
    }

    private static boolean pythonAvailable() {
        try {
            Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
