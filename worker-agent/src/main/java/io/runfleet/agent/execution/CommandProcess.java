package io.runfleet.agent.execution;

import io.runfleet.agent.process.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A command started the way the agent starts every command: in its run directory, stdin from {@code /dev/null},
 * stdout and stderr straight into files, and the environment variable {@link ProcessTree#MARKER_VARIABLE} unique to
 * it, by which what it leaves running is found once it ended.
 *
 * @param marker the value of {@link ProcessTree#MARKER_VARIABLE} for this process and its children
 */
record CommandProcess(Process process, String marker) {

    private static final File NO_INPUT = new File("/dev/null");

    /**
     * @param environments extra variables, applied in order (a later one overrides an earlier one)
     * @throws IOException when the program cannot start; {@link #reason} says why in a line
     */
    @SafeVarargs
    static CommandProcess start(CommandLine commandLine, Path directory, Path stdout, Path stderr,
                                Map<String, String>... environments) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine.arguments())
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(ProcessBuilder.Redirect.to(stdout.toFile()))
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
        for (Map<String, String> environment : List.of(environments)) {
            builder.environment().putAll(environment);
        }
        String marker = UUID.randomUUID().toString();
        builder.environment().put(ProcessTree.MARKER_VARIABLE, marker);
        return new CommandProcess(builder.start(), marker);
    }

    /** Why a program could not start, for the run's error. */
    static String reason(IOException e) {
        return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }

    /**
     * Makes the process the one a stop of {@code run} reaches; a stop asked for while the run was staging is carried
     * out at once, by this thread, since nobody else could reach the process.
     */
    void attachTo(ActiveRun run) {
        ActiveRun.Stop early = run.attach(process);
        if (early != null) {
            run.carryOut(early, process);
        }
    }

    /** Kills what the command left running once it ended ({@link ProcessTree#killLeftovers}); answers how many. */
    int killLeftovers() {
        return ProcessTree.killLeftovers(process.pid(), marker);
    }
}
