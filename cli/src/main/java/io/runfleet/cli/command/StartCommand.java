package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.progress.StudyStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Starts a dry run (submit --dry-run): its runs are dispatched from now on.")
public final class StartCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The id of a study submitted with --dry-run.")
    String studyId;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode summary = root.scheduler().post("/studies/" + StudyIds.checked(studyId) + "/start");
        StudyStatus status = StudyStatus.from(summary);
        var err = spec.commandLine().getErr();
        err.println("study " + studyId + " started: " + status.state() + ", " + status.total() + " runs");
        err.flush();
        return watch ? StudyFollower.follow(root.scheduler(), err, studyId) : ExitCodes.OK;
    }
}
