package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.DurationText;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.FreePorts;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.study.StudyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a study on this machine with nothing but Java, from start to end.",
        "Starts the embedded services (H2 files, ZeroMQ) and local agents, submits FILE (as `submit` does), shows "
                + "progress on standard error, prints the results table on standard output and writes -o FILE.",
        "Stops everything it started when done, on failure and on Ctrl-C (which cancels the study). "
                + "The study stays in the data directory: `run --resume` goes on with it.",
        "Exit 0 only when every run succeeded; otherwise 1 and the failures counted per reason."})
public final class RunCommand implements Callable<Integer> {

    /** Where H2 keeps the scheduler's database: its absence means nothing to resume. */
    private static final String SCHEDULER_DATABASE = "scheduler.mv.db";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The study document (YAML or JSON), e.g. examples/squares/study.yaml.")
    Path file;

    @Option(names = "--resume", arity = "0..1", paramLabel = "ID", fallbackValue = "",
            description = {"Instead of FILE: go on with study ID of the data directory, or without ID with the newest "
                    + "one not done with every run succeeded (runs that did not succeed run again)."})
    String resume;

    @Option(names = {"--data", "--data-dir"}, paramLabel = "DIR", defaultValue = "${env:RUNFLEET_DATA:-runfleet-data}",
            description = "H2 files, tokens and keys, logs and run directories (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "1", description = "Local agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--slots", paramLabel = "M",
            description = "Runs at once per agent (default: this machine's processors divided among the agents).")
    Integer slots;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Also write the results to FILE; the extension names the format: .csv, .json, .jsonl or .parquet.")
    Path output;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = {"The scheduler's HTTP port, the results service's the next one up (8080 lets other "
                    + "commands in this directory reach the stack with their defaults); default: free ports."})
    int port;

    @Option(names = "--start-timeout", paramLabel = "DURATION", converter = DurationText.class, defaultValue = "120s",
            description = "How long the services may take to start (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;

    @Override
    public Integer call() throws InterruptedException {
        int slotsPerAgent = checkedSizes();
        // Everything that can be checked without the stack is checked before it starts.
        ResultsOutput results = output == null ? null : ResultsOutput.checked(output);
        LocalRun.Study study = study();
        checkPortsFree();
        Installation installation = Installation.locate();
        LocalRun.Settings settings = new LocalRun.Settings(dataDir, agents, slotsPerAgent, port, startTimeout);
        return new LocalRun(installation, settings, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(study, results);
    }

    private int checkedSizes() {
        if (agents < 1) {
            throw new ParameterException(spec.commandLine(), "--agents: " + agents + " is too small; give 1 or more");
        }
        if (slots != null && slots < 1) {
            throw new ParameterException(spec.commandLine(), "--slots: " + slots + " is too small; give 1 or more");
        }
        return slots != null ? slots : defaultSlots(agents, Runtime.getRuntime().availableProcessors());
    }

    /** The machine's processors shared among the agents, at least one slot each. */
    static int defaultSlots(int agents, int processors) {
        return Math.max(1, processors / agents);
    }

    private LocalRun.Study study() {
        if (resume != null && file != null) {
            throw new ParameterException(spec.commandLine(), "give FILE or --resume, not both: --resume goes on with a "
                    + "study already in " + dataDir);
        }
        if (resume == null && file == null) {
            throw new ParameterException(spec.commandLine(), "FILE: missing; give a study document "
                    + "(e.g. runfleet run examples/squares/study.yaml) or --resume");
        }
        if (file != null) {
            return new LocalRun.Submit(StudyFile.load(file), file);
        }
        if (!resume.isEmpty()) {
            StudyIds.checked(resume);
        }
        if (!Files.isRegularFile(dataDir.resolve(SCHEDULER_DATABASE))) {
            throw new CliException("--resume: " + dataDir.toAbsolutePath().normalize() + " holds no Runfleet study "
                    + "(no " + SCHEDULER_DATABASE + "); give the --data DIR an earlier `runfleet run` used, or run a "
                    + "study: runfleet run FILE", ExitCodes.USAGE);
        }
        return new LocalRun.Resume(resume);
    }

    private void checkPortsFree() {
        if (port == 0) {
            return;
        }
        if (port < 1 || port > 65_534) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " is out of range; give 1 to 65534 "
                    + "(the results service takes the next port) or leave it out for free ports");
        }
        for (int candidate : new int[] {port, port + 1}) {
            if (!FreePorts.isFree(candidate)) {
                throw new CliException("--port " + port + ": port " + candidate + " (the "
                        + (candidate == port ? "scheduler's" : "results service's") + ") is in use on 127.0.0.1; "
                        + "stop what listens there, choose another --port, or leave --port out for free ports",
                        ExitCodes.USAGE);
            }
        }
    }
}
