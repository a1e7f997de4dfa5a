package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.http.ServiceClient;
import io.runfleet.cli.provenance.SubmissionOrigin;
import io.runfleet.cli.study.StudyFile;
import io.runfleet.cli.table.DryRunView;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submits a study (YAML or JSON) and prints its id on standard output (messages and progress go to",
        "standard error, so id=$(runfleet submit s.yaml --watch) holds the id alone).",
        "A template.directory is read here and sent inline, so agents need no shared file system.",
        "The commit of the study file's git work tree (and whether it had uncommitted changes), the working",
        "directory and the user name are sent along and shown by `runfleet status ID`."})
public final class SubmitCommand implements Callable<Integer> {

    /** Parameter sets shown by a dry run. */
    private static final int DRY_RUN_ROWS = 10;

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The study document, e.g. examples/heat/study.yaml.")
    Path file;

    @Option(names = "--watch", description = "Follow the study until it ends; exit 1 unless every run succeeded.")
    boolean watch;

    @Option(names = "--dry-run", description = {"Store and expand the study but run nothing: show the number of runs,",
            "the first parameter sets and run 0 as an agent would execute it, and for a slurm launch the",
            "batch script of the first allocation. `runfleet start ID` runs it."})
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        if (dryRun && watch) {
            throw new ParameterException(spec.commandLine(), "--watch: a dry run runs nothing to follow; leave out "
                    + "--watch, then run it with `runfleet start ID --watch`");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        StudyFile study = StudyFile.load(file);
        ServiceClient scheduler = root.scheduler();
        JsonNode created = scheduler.postJson(dryRun ? "/studies?dryRun=true" : "/studies", "application/json",
                study.toJson(), SubmissionOrigin.of(file).headers());
        String studyId = created.path("id").asText();
        String name = created.path("name").asText(study.name());
        long runs = created.path("runs").asLong();
        if (dryRun) {
            boolean runnable = showDryRun(scheduler, err, studyId, name, runs);
            if (runnable) {
                DryRunScript.show(scheduler, err, study.document(), studyId);
            }
            err.flush();
            if (!runnable) {
                return ExitCodes.FAILED;
            }
        } else {
            err.println("submitted study " + studyId + " (" + name + ", " + runs + " runs)");
            err.flush();
        }
        out.println(studyId);
        out.flush();
        if (!watch) {
            return ExitCodes.OK;
        }
        return StudyFollower.follow(scheduler, err, studyId);
    }

    /**
     * The report goes to standard error, like the line of a normal submission, so that standard output holds
     * only the id ({@code id=$(runfleet submit --dry-run s.yaml)}). The scheduler refuses a study whose runs' values
     * do not fit its formats before storing it; should run 0 still not render, the dry run is discarded (cancelled)
     * rather than left behind with a hint to start it.
     *
     * @return whether the study can run: false when run 0 cannot be rendered, since every run may fail the same way
     */
    private static boolean showDryRun(ServiceClient scheduler, PrintWriter err, String studyId, String name,
                                      long runs) {
        err.println("dry run of study " + studyId + " (" + name + "): " + runs + " runs, none dispatched; the "
                + "formats of every run were checked against its values");
        List<JsonNode> first = new ArrayList<>();
        scheduler.getJson("/studies/" + studyId + "/runs?limit=" + DRY_RUN_ROWS).forEach(first::add);
        err.println();
        err.println(runs > first.size() ? "the first " + first.size() + " parameter sets:" : "the parameter sets:");
        err.print(DryRunView.parameterTable(first));
        err.println();
        JsonNode rendered;
        try {
            rendered = scheduler.getJson("/studies/" + studyId + "/runs/0/rendered");
        } catch (CliException e) {
            err.println("run 0 cannot be rendered: " + e.getMessage());
            err.println(discard(scheduler, studyId));
            return false;
        }
        err.println("run 0 as an agent would execute it (attempt " + rendered.path("attempt").asInt() + "):");
        err.print(DryRunView.renderedRun(rendered));
        err.println();
        err.println("start it with: runfleet start " + studyId);
        return true;
    }

    /** Cancelling a dry run discards it: nothing of it ever runs. */
    private static String discard(ServiceClient scheduler, String studyId) {
        try {
            scheduler.post("/studies/" + studyId + "/cancel");
            return "the dry run is discarded (study " + studyId + " cancelled): fix the study and submit it again";
        } catch (CliException e) {
            return "the dry run could not be discarded (" + e.getMessage() + "); do not start it: cancel it with "
                    + "runfleet cancel " + studyId + ", fix the study and submit it again";
        }
    }
}
