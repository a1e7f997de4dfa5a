package io.runfleet.cli.command;

import io.runfleet.cli.CliException;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.table.ExplainView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code explain ID[/RUN] [RUN]}: why a run waits or how it ended, or what holds a study back. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why a run waits (concurrency limit, no agent with a free slot, back-off, allocations) or how "
                + "it failed, with its attempts; or, for a study, its counts and what holds it back.",
                "RUN is a run's id or its seq, as `runfleet runs ID` lists them."})
public final class ExplainCommand implements Callable<Integer> {

    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9_-]+");

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID[/RUN]", description = "A study id, or a study id and a run: ID/RUN.")
    String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUN", description = "A run of the study: its id or seq.")
    String run;

    @Override
    public Integer call() {
        String studyId = target;
        String runId = run;
        int slash = target.indexOf('/');
        if (slash >= 0) {
            if (run != null) {
                throw new CliException("RUN: give the run once, as ID/RUN or as ID RUN", ExitCodes.USAGE);
            }
            studyId = target.substring(0, slash);
            runId = target.substring(slash + 1);
        }
        studyId = StudyIds.checked(studyId);
        PrintWriter out = spec.commandLine().getOut();
        if (runId == null) {
            out.print(ExplainView.study(root.scheduler().getJson("/studies/" + studyId + "/explain")));
        } else {
            if (!RUN.matcher(runId).matches()) {
                throw new CliException("RUN: '" + runId + "' is not a run id or seq; `runfleet runs " + studyId
                        + "` lists them", ExitCodes.USAGE);
            }
            out.print(ExplainView.run(root.scheduler().getJson("/studies/" + studyId + "/runs/" + runId
                    + "/explain")));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
