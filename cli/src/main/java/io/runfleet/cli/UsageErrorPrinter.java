package io.runfleet.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * A wrong command line: says what is wrong and how to get help, exit 64. An unknown command word is named with
 * the list of commands instead of the whole help, which would bury the one line that matters.
 */
final class UsageErrorPrinter implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        var err = commandLine.getErr();
        String unknownCommand = unknownCommand(error);
        if (unknownCommand != null) {
            err.println("runfleet: unknown command '" + unknownCommand + "'; the commands are: "
                    + String.join(", ", commandLine.getSubcommands().keySet())
                    + " (runfleet --help says what each does)");
        } else {
            err.println("runfleet: " + error.getMessage());
            String name = commandLine.getCommandSpec().qualifiedName();
            err.println("see `" + name + " --help`");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The word given where a command belongs, when it names none; null for any other mistake. */
    private static String unknownCommand(CommandLine.ParameterException error) {
        if (!(error instanceof CommandLine.UnmatchedArgumentException unmatched)
                || error.getCommandLine().getSubcommands().isEmpty()) {
            return null;
        }
        List<String> words = unmatched.getUnmatched();
        return words.isEmpty() || words.get(0).startsWith("-") ? null : words.get(0);
    }
}
