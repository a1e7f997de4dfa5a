package io.runfleet.cli;

/** Exit codes of the {@code runfleet} command, stable for scripts. */
public final class ExitCodes {

    /** Done; for commands that wait on a study, every run SUCCEEDED. */
    public static final int OK = 0;
    /** A service refused the request, or a study ended with runs that did not succeed. */
    public static final int FAILED = 1;
    /** A service could not be reached. */
    public static final int UNREACHABLE = 2;
    /** The command line itself is wrong (sysexits' EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {
    }

    static int of(Throwable error) {
        if (error instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        return error instanceof CliException cliException ? cliException.exitCode() : FAILED;
    }
}
