package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.DurationText;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ApiToken;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.launch.LocalStack;
import io.runfleet.cli.progress.StudyStatus;
import io.runfleet.cli.progress.StudyWatcher;
import io.runfleet.cli.study.StudyFile;
import io.runfleet.cli.table.ResultsTableView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the example heat study on this machine, with nothing but Java.",
        "Starts the embedded services (H2, ZeroMQ) on free loopback ports and local agents, shows progress, "
                + "the results table and writes a CSV.",
        "Stops everything it started when done, on failure and on Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "runfleet-data",
            description = "H2 files, logs, run directories and the CSV (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "2", description = "Local agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = "Slots per agent (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--study", paramLabel = "FILE", description = "Another study to run (default: examples/heat/study.yaml).")
    Path study;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationText.class, defaultValue = "120s",
            description = "How long the services may take to start (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Override
    public Integer call() throws InterruptedException {
        if (agents < 1 || slots < 1) {
            throw new CliException((agents < 1 ? "--agents" : "--slots") + ": must be at least 1", ExitCodes.USAGE);
        }
        // What happens goes to standard error; standard output holds the results table alone.
        PrintWriter out = spec.commandLine().getErr();
        Installation installation = Installation.locate();
        // Read the study before starting anything: a broken file should not cost a service start.
        Path studyFile = study != null ? study : installation.exampleStudy();
        StudyFile document = StudyFile.load(studyFile);

        try (LocalStack stack = new LocalStack(installation, dataDir, out)) {
            Thread stopOnSignal = new Thread(stack::close, "runfleet-demo-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            out.println("Runfleet demo: data in " + dataDir.toAbsolutePath().normalize() + ", logs in " + stack.logDir());
            out.println("starting the results service and the scheduler (embedded, H2)...");
            out.flush();
            long startedAt = System.nanoTime();
            stack.startServices(startTimeout);
            out.printf("services up in %.1fs: scheduler %s, results %s%n", (System.nanoTime() - startedAt) / 1e9,
                    stack.schedulerUrl(), stack.resultsUrl());
            out.println("starting " + agents + (agents == 1 ? " agent" : " agents") + " with " + slots
                    + (slots == 1 ? " slot" : " slots") + " each...");
            out.flush();
            stack.startAgents(agents, slots);
            return runStudy(stack, document, out);
        }
    }

    private int runStudy(LocalStack stack, StudyFile document, PrintWriter out) throws InterruptedException {
        // the services wrote the stack's tokens into the data directory at their first start
        ApiToken token = ApiToken.fromDataDir(stack.dataDir());
        ServiceClient scheduler = new ServiceClient("scheduler", stack.schedulerUrl(), token);
        ServiceClient results = new ServiceClient("results service", stack.resultsUrl(), token);
        JsonNode created = scheduler.postJson("/studies", "application/json", document.toJson());
        String studyId = created.path("id").asText();
        out.println("submitted study " + studyId + " (" + document.name() + ", " + created.path("runs").asLong() + " runs)");
        out.flush();

        StudyStatus end = new StudyWatcher(scheduler, out, Terminal.standardErrorIsInteractive())
                .watch(studyId, () -> failIfAllAgentsDied(stack));
        int exitCode = new StudyOutcome(scheduler, out).report(end);

        JsonNode rows = results.getJson("/studies/" + studyId + "/results?format=json");
        out.println();
        out.flush();
        PrintWriter table = spec.commandLine().getOut();
        table.print(ResultsTableView.render(rows));
        table.flush();
        Path csv = dataDir.resolve(document.name().isEmpty() ? "results.csv" : csvNameFor(document.name()));
        ResultsCommand.write(csv, results.getText("/studies/" + studyId + "/results?format=csv", "text/csv"));
        out.println();
        out.println("results written to " + csv.toAbsolutePath().normalize());
        out.flush();
        return exitCode;
    }

    private void failIfAllAgentsDied(LocalStack stack) {
        var dead = stack.deadAgents();
        if (dead.size() == agents) {
            var first = dead.get(0);
            throw new CliException("every agent exited, so no run can progress; the end of " + first.logFile() + ":"
                    + System.lineSeparator() + first.logTail(30));
        }
    }

    /** heat-rod -> heat-results.csv: the study's first word names the file. */
    static String csvNameFor(String studyName) {
        String stem = studyName.split("[-_.]", 2)[0];
        return stem + "-results.csv";
    }
}
