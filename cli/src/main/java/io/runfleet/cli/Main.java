package io.runfleet.cli;

import picocli.CommandLine;

/** Entry point of the {@code runfleet} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RunfleetCommand());
        commandLine.setExitCodeExceptionMapper(ExitCodes::of);
        commandLine.setExecutionExceptionHandler(new ErrorPrinter());
        commandLine.setParameterExceptionHandler(new UsageErrorPrinter());
        return commandLine;
    }
}
