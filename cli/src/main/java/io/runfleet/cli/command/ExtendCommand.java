package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.study.StudyFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "extend", mixinStandardHelpOptions = true,
        description = {"Adds runs to a study: FILE holds a 'parameters' section in the study's format; its points",
                "become new runs after the last one, with the study's template, outputs and policy.",
                "A parameters.csvFile is read here, relative to FILE."})
public final class ExtendCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Parameters(index = "1", paramLabel = "FILE", description = "YAML or JSON with the parameters to add, e.g. "
            + "parameters: {grid: {x: [5, 6]}}.")
    Path file;

    @Option(names = "--skip-duplicates",
            description = "Leave out points whose parameter set already succeeded in the study.")
    boolean skipDuplicates;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        String path = "/studies/" + StudyIds.checked(studyId) + "/extend"
                + (skipDuplicates ? "?skipDuplicates=true" : "");
        JsonNode grown = root.scheduler().postJson(path, "application/json", StudyFile.load(file).toJson());
        var err = spec.commandLine().getErr();
        err.println("study " + studyId + " extended: " + GrowthText.describe(grown));
        err.flush();
        return watch ? StudyFollower.follow(root.scheduler(), err, studyId) : ExitCodes.OK;
    }
}
