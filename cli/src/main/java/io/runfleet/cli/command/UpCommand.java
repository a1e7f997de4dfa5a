package io.runfleet.cli.command;

import io.runfleet.cli.DurationText;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.launch.StackUp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts a local stack that stays up: the services (H2 files, or PostgreSQL with --postgres) and "
                + "local agents, in the background, with logs under <data>/logs.",
        "Idempotent: a second `up` starts only what does not run (after a crash, only what died). "
                + "The other commands find the stack and its token in the data directory without flags; "
                + "`runfleet ps` shows it, `runfleet down` stops it."})
public final class UpCommand implements Callable<Integer> {

    /** The environment variable that puts the stack on PostgreSQL, as {@code --postgres} does. */
    static final String POSTGRES_VARIABLE = "RUNFLEET_POSTGRES";

    @Spec
    CommandSpec spec;

    @Mixin
    StackDataDir data;

    @Option(names = "--agents", paramLabel = "N",
            description = "Local agents (default: as many as the stack had, else 1).")
    Integer agents;

    @Option(names = "--slots", paramLabel = "M",
            description = "Runs at once per agent (default: as the stack had, else this machine's processors divided "
                    + "among the agents).")
    Integer slots;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The scheduler's HTTP port, the results service's the next one up (default: as the stack "
                    + "had, else " + StackUp.DEFAULT_PORT + ", which the other commands use without flags).")
    Integer port;

    @Option(names = "--postgres", paramLabel = "JDBC_URL",
            description = {"Keep the studies and results in this PostgreSQL database instead of H2 files, e.g. "
                    + "jdbc:postgresql://localhost:5432/runfleet (env " + POSTGRES_VARIABLE + "); the user and password "
                    + "come from env RUNFLEET_DB_USER (default postgres) and RUNFLEET_DB_PASSWORD."})
    String postgres;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationText.class, defaultValue = "120s",
            description = "How long each service and agent may take to start (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Override
    public Integer call() throws InterruptedException {
        checkSizes();
        String database = postgres != null ? postgres : blankToNull(System.getenv(POSTGRES_VARIABLE));
        if (database != null) {
            StackUp.postgresUri(database);
        }
        Path data = this.data.resolve();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StackUp.Outcome outcome = new StackUp(Installation.locate(), data, err)
                .up(new StackUp.Request(agents, slots, port, database, startTimeout));
        out.println((outcome.started().isEmpty() ? "Runfleet stack already up" : "Runfleet stack up") + " in " + data
                + " (" + (outcome.state().isPostgres() ? "PostgreSQL " + outcome.state().database() : "H2 files")
                + "), logs in " + data.resolve("logs"));
        out.print(StackReport.table(data, outcome.state()));
        String option = StackDataDir.option(data);
        out.println("next:");
        out.println("  runfleet" + option + " submit examples/arithmetic/study.yaml --watch");
        out.println("  runfleet ps" + option);
        out.println("  runfleet down" + option);
        out.flush();
        return ExitCodes.OK;
    }

    private void checkSizes() {
        if (agents != null && agents < 1) {
            throw new ParameterException(spec.commandLine(), "--agents: " + agents + " is too small; give 1 or more");
        }
        if (slots != null && slots < 1) {
            throw new ParameterException(spec.commandLine(), "--slots: " + slots + " is too small; give 1 or more");
        }
        if (port != null && (port < 1 || port > 65_534)) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " is out of range; give 1 to 65534 "
                    + "(the results service takes the next port)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
