package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Resumes a study: its CANCELLED, FAILED and TIMED_OUT runs are run again (a new attempt each)",
                "and the study is ACTIVE until they end. Runs that succeeded are kept."})
public final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        JsonNode resumed = root.scheduler().post("/studies/" + StudyIds.checked(studyId) + "/resume");
        var err = spec.commandLine().getErr();
        err.println("study " + studyId + " resumed: " + resumed.path("resumed").asLong() + " runs pending again; "
                + resumed.path("state").asText());
        err.flush();
        return watch ? StudyFollower.follow(root.scheduler(), err, studyId) : ExitCodes.OK;
    }
}
