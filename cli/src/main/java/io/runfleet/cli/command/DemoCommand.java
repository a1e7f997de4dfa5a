package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.DurationText;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.launch.Installation;
import io.runfleet.cli.study.StudyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run} of the bundled example study, with the results written into the data directory. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the example heat study on this machine, with nothing but Java.",
        "Starts the embedded services (H2, ZeroMQ) on free loopback ports and local agents, shows progress, "
                + "the results table and writes a CSV.",
        "Stops everything it started when done, on failure and on Ctrl-C. `runfleet run FILE` does the same "
                + "for any study."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR", defaultValue = "${env:RUNFLEET_DATA:-runfleet-data}",
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
        Installation installation = Installation.locate();
        // Read the study before starting anything: a broken file should not cost a service start.
        Path studyFile = study != null ? study : installation.exampleStudy();
        StudyFile document = StudyFile.load(studyFile);
        ResultsOutput csv = ResultsOutput.checked(
                dataDir.resolve(document.name().isEmpty() ? "results.csv" : csvNameFor(document.name())));
        LocalRun.Settings settings = new LocalRun.Settings(dataDir, agents, slots, 0, startTimeout);
        return new LocalRun(installation, settings, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run(new LocalRun.Submit(document, studyFile), csv);
    }

    /** heat-rod -> heat-results.csv: the study's first word names the file. */
    static String csvNameFor(String studyName) {
        String stem = studyName.split("[-_.]", 2)[0];
        return stem + "-results.csv";
    }
}
