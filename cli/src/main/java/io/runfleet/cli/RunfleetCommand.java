package io.runfleet.cli;

import io.runfleet.cli.command.AgentCommand;
import io.runfleet.cli.command.AllocCommand;
import io.runfleet.cli.command.CancelCommand;
import io.runfleet.cli.command.DemoCommand;
import io.runfleet.cli.command.DownCommand;
import io.runfleet.cli.command.ExplainCommand;
import io.runfleet.cli.command.PsCommand;
import io.runfleet.cli.command.UpCommand;
import io.runfleet.cli.command.ExtendCommand;
import io.runfleet.cli.command.RepeatCommand;
import io.runfleet.cli.command.ResultsCommand;
import io.runfleet.cli.command.ResumeCommand;
import io.runfleet.cli.command.RunCommand;
import io.runfleet.cli.command.RunsCommand;
import io.runfleet.cli.command.SamplerCommand;
import io.runfleet.cli.command.StartCommand;
import io.runfleet.cli.command.StatusCommand;
import io.runfleet.cli.command.SubmitCommand;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.launch.StackEndpoints;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code runfleet}: submit and follow parameter studies, run agents, and try it all with {@code demo}. */
@Command(name = "runfleet",
        mixinStandardHelpOptions = true,
        version = "runfleet 0.1.0",
        description = "Runs parameter studies on a fleet of worker agents.",
        subcommands = {SubmitCommand.class, StatusCommand.class, ResultsCommand.class, CancelCommand.class,
                AgentCommand.class, DemoCommand.class, StartCommand.class, ExtendCommand.class, RepeatCommand.class,
                ResumeCommand.class, RunsCommand.class, RunCommand.class, UpCommand.class, PsCommand.class,
                DownCommand.class, AllocCommand.class, ExplainCommand.class, SamplerCommand.class, picocli.CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done (all runs succeeded), 1 refused or runs failed, 2 a service is unreachable, "
                + "64 bad command line."})
public final class RunfleetCommand implements Runnable {

    // Inherited so that `runfleet status --scheduler URL` works as well as `runfleet --scheduler URL status`.
    @Option(names = "--scheduler", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Scheduler service base URL (else env RUNFLEET_SCHEDULER_URL, else the stack `runfleet up` "
                    + "keeps in the data directory, else http://localhost:8080).")
    URI schedulerUrl;

    @Option(names = "--results", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Results service base URL (else env RUNFLEET_RESULTS_URL, else the stack `runfleet up` "
                    + "keeps in the data directory, else http://localhost:8081).")
    URI resultsUrl;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Tokens file to take the REST token from when RUNFLEET_TOKEN is not set "
                    + "(else env RUNFLEET_TOKEN_FILE, else <data>/security/rest-tokens, where a local stack writes it).")
    Path tokenFile;

    // Not inherited: run, demo, up, ps, down and agent have a --data of their own, which means the same directory.
    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory of a local stack, whose URLs and token the commands use when no URL "
                    + "is given (else env RUNFLEET_DATA, else ./runfleet-data).")
    Path dataDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public URI schedulerUrl() {
        return endpoints().scheduler();
    }

    public URI resultsUrl() {
        return endpoints().results();
    }

    /** The token for both services: {@code RUNFLEET_TOKEN}, else the tokens file (docs/cli.md). */
    public ApiToken token() {
        return ApiToken.find(System.getenv(), endpoints().tokensFile());
    }

    public ServiceClient scheduler() {
        return new ServiceClient("scheduler", schedulerUrl(), token());
    }

    public ServiceClient results() {
        return new ServiceClient("results service", resultsUrl(), token());
    }

    private StackEndpoints endpoints() {
        return StackEndpoints.resolve(schedulerUrl, resultsUrl, tokenFile, dataDir, System.getenv());
    }
}
