package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "repeat", mixinStandardHelpOptions = true,
        description = {"Runs every parameter set of a study again, as new runs with the same parameter hash",
                "and the next repetition number (psweep's repeated runs)."})
public final class RepeatCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--times", paramLabel = "N", defaultValue = "1",
            description = "How many more runs of each parameter set (default ${DEFAULT-VALUE}).")
    int times;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        if (times < 1) {
            throw new ParameterException(spec.commandLine(), "--times: " + times + " is too small; give 1 or more");
        }
        JsonNode grown = root.scheduler().post("/studies/" + StudyIds.checked(studyId) + "/repeat?times=" + times);
        var err = spec.commandLine().getErr();
        err.println("study " + studyId + " repeated: " + GrowthText.describe(grown));
        err.flush();
        return watch ? StudyFollower.follow(root.scheduler(), err, studyId) : ExitCodes.OK;
    }
}
