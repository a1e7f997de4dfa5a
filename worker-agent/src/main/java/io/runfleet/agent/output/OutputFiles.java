package io.runfleet.agent.output;

import java.nio.file.Path;

/** Resolves an output's file name inside a run directory, refusing names that would leave it. */
public final class OutputFiles {

    private OutputFiles() {
    }

    public static Path resolve(Path runDir, String file) throws OutputException {
        if (file == null || file.isBlank()) {
            throw new OutputException("an output names no file; set outputs[].file (a path inside the run "
                    + "directory, or stdout / stderr)");
        }
        Path base = runDir.toAbsolutePath().normalize();
        Path resolved = base.resolve(file).normalize();
        if (!resolved.startsWith(base) || Path.of(file).isAbsolute()) {
            throw OutputException.of(file, "lies outside the run directory; name a relative path inside it");
        }
        return resolved;
    }
}
