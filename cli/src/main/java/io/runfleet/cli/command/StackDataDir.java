package io.runfleet.cli.command;

import io.runfleet.cli.launch.DataDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data DIR} of {@code up}, {@code ps} and {@code down}, which all mean one stack's directory. */
final class StackDataDir {

    @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR",
            description = "The stack's data directory: H2 files, tokens and keys, logs, run directories and the "
                    + "stack's state (else env RUNFLEET_DATA, else ./runfleet-data).")
    Path dataDir;

    Path resolve() {
        return DataDir.of(dataDir, System.getenv());
    }

    /** {@code " --data DIR"} for hints, when the commands would not find the directory without it. */
    static String option(Path resolved) {
        return DataDir.option(resolved, System.getenv());
    }
}
