package io.runfleet.cli;

import picocli.CommandLine;

/**
 * Prints what went wrong. Errors the user can act on print their message only; anything else is a
 * defect of the command and prints its stack trace so that it can be reported.
 */
final class ErrorPrinter implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        var err = commandLine.getErr();
        if (error instanceof CliException cliException) {
            err.println("runfleet: " + cliException.getMessage());
        } else {
            err.println("runfleet: unexpected error: " + error);
            error.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.of(error);
    }
}
