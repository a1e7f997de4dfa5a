package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.Terminal;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.progress.StudyStatus;
import io.runfleet.cli.progress.StudyWatcher;
import io.runfleet.cli.study.StudyFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits a study (YAML or JSON) and prints its id on standard output.",
        "A template.directory is read here and sent inline, so agents need no shared file system."})
public final class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The study document, e.g. examples/heat/study.yaml.")
    Path file;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        StudyFile study = StudyFile.load(file);
        ServiceClient scheduler = root.scheduler();
        JsonNode created = scheduler.postJson("/studies", "application/json", study.toJson());
        String studyId = created.path("id").asText();
        err.println("submitted study " + studyId + " (" + created.path("name").asText(study.name()) + ", "
                + created.path("runs").asLong() + " runs)");
        err.flush();
        out.println(studyId);
        out.flush();
        if (!watch) {
            return ExitCodes.OK;
        }
        StudyStatus end = new StudyWatcher(scheduler, out, Terminal.isInteractive()).watch(studyId);
        return new StudyOutcome(scheduler, out).report(end);
    }
}
