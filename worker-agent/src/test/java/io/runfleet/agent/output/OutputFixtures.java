package io.runfleet.agent.output;

import io.runfleet.wire.OutputSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The committed fixtures of src/test/resources/outputs (README there says how each was made), and the Python with
 * numpy and h5py that writes fresh ones where it is installed.
 */
final class OutputFixtures {

    private OutputFixtures() {
    }

    /** Copies a fixture into the run directory. */
    static void copy(String name, Path runDir) throws IOException {
        try (InputStream in = OutputFixtures.class.getResourceAsStream("/outputs/" + name)) {
            if (in == null) {
                throw new IOException("no fixture outputs/" + name);
            }
            Files.copy(in, runDir.resolve(name));
        }
    }

    /** Parses one entry the way the agent parses a run's outputs, rules included. */
    static Map<String, Object> parse(OutputSpec spec, Path runDir) throws OutputException {
        return OutputParsers.standard().parseAll(List.of(spec), runDir);
    }

    /** A Python that imports all of {@code modules}: the one on the PATH or Debian's. */
    static Optional<String> python(String... modules) {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process check = new ProcessBuilder(candidate, "-c", "import " + String.join(", ", modules))
                        .redirectErrorStream(true).start();
                check.getInputStream().readAllBytes();
                if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException | InterruptedException notThere) {
                // the next candidate
            }
        }
        return Optional.empty();
    }

    /** Runs a Python script in the run directory; its standard output. */
    static String runPython(String python, String script, Path runDir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, "-c", script).directory(runDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(python + " failed (exit " + process.exitValue() + ") on: " + script);
        }
        return out;
    }
}
