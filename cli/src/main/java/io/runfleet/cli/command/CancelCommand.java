package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.progress.StudyStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancels a study: runs not yet finished become CANCELLED.")
public final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Override
    public Integer call() {
        JsonNode summary = root.scheduler().post("/studies/" + StudyIds.checked(studyId) + "/cancel");
        StudyStatus status = StudyStatus.from(summary);
        var out = spec.commandLine().getOut();
        out.println("study " + studyId + " " + (status.state().isEmpty() ? "CANCELLED" : status.state())
                + (status.counts().isEmpty() ? "" : ": " + status.succeeded() + " runs had succeeded, "
                + status.count("CANCELLED") + " cancelled"));
        out.flush();
        return ExitCodes.OK;
    }
}
