package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.progress.StudyStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels a study: runs not yet finished become CANCELLED and agents stop those they run.",
                "With --run, cancels that one run only; the rest of the study goes on."})
public final class CancelCommand implements Callable<Integer> {

    /** Run ids go into URL paths too; the scheduler's are UUIDs. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]+");

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--run", paramLabel = "RUN_ID",
            description = "Cancel only this run of the study: its RUN_ID in `runfleet runs ID` (any state).")
    String runId;

    @Override
    public Integer call() {
        String study = StudyIds.checked(studyId);
        PrintWriter err = spec.commandLine().getErr();
        if (runId != null) {
            JsonNode run = root.scheduler().post("/studies/" + study + "/runs/" + checkedRunId() + "/cancel");
            err.println("run " + runId + " of study " + studyId + " " + run.path("state").asText("CANCELLED")
                    + "; the study goes on");
        } else {
            StudyStatus status = StudyStatus.from(root.scheduler().post("/studies/" + study + "/cancel"));
            err.println("study " + studyId + " " + (status.state().isEmpty() ? "CANCELLED" : status.state())
                    + (status.counts().isEmpty() ? "" : ": " + status.succeeded() + " runs had succeeded, "
                    + status.count("CANCELLED") + " cancelled"));
        }
        err.flush();
        return ExitCodes.OK;
    }

    private String checkedRunId() {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new CliException("--run: '" + runId + "' is not a run id; ids are letters, digits, - and _ "
                    + "(the RUN_ID column of `runfleet runs ID`)", ExitCodes.USAGE);
        }
        return runId;
    }
}
