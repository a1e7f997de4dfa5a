package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.table.AllocationsTableView;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code alloc list} and {@code alloc explain}: both read {@code GET /allocations[?study=ID]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The live Slurm allocations of every study with a slurm launch (or of one): id, pool, state, "
                + "nodes, agents registered, deadline, reason.")
public class AllocListCommand implements Callable<Integer> {

    @ParentCommand
    AllocCommand alloc;

    @Spec
    CommandSpec spec;

    @Option(names = "--study", paramLabel = "ID", description = "Only this study's allocations.")
    String studyId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(alloc.root.scheduler().getJson(path())));
        out.flush();
        return ExitCodes.OK;
    }

    String render(JsonNode studies) {
        return AllocationsTableView.render(studies);
    }

    private String path() {
        return studyId == null ? "/allocations"
                : "/allocations?study=" + URLEncoder.encode(StudyIds.checked(studyId), StandardCharsets.UTF_8);
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Why a study has no allocation (or not more), the latest error with the allocation's "
                    + "output tail, and the allocations that ended with their end state and reason.")
    static final class Explain extends AllocListCommand {

        @Override
        String render(JsonNode studies) {
            return AllocationsTableView.explain(studies);
        }
    }
}
