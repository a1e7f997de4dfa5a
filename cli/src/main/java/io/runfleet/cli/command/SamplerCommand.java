package io.runfleet.cli.command;

import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.table.SamplerView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sampler ID [--json]}: the state of a study's sampler loop (GET /studies/{id}/sampler). */
@Command(name = "sampler", mixinStandardHelpOptions = true,
        description = {"Shows a study's sampler: its state, runs in flight, done, failed and cancelled, the budget "
                + "left, the best point and value so far, and why it stopped.",
                "With --json, the scheduler's answer as it is."})
public final class SamplerCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "A study id with a sampler section.")
    String studyId;

    @Option(names = "--json", description = "Print the scheduler's answer (JSON) instead of the text.")
    boolean json;

    @Override
    public Integer call() {
        String path = "/studies/" + StudyIds.checked(studyId) + "/sampler";
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            String body = root.scheduler().getText(path, "application/json");
            out.print(body.endsWith("\n") ? body : body + "\n");
        } else {
            out.print(SamplerView.render(studyId, root.scheduler().getJson(path)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
