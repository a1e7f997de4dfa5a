package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.table.ProvenanceView;
import io.runfleet.cli.table.StudiesTableView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lists the studies, or shows one study's run counts and where its submission came from.",
                "With --watch, follows that study until it ends, like submit --watch."})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    /** Studies per request: the most GET /studies serves. */
    private static final int PAGE = 1_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A study id; all studies when left out.")
    String studyId;

    @Option(names = "--watch", description = "Follow the study ID until it ends (progress on standard error); exit 1 "
            + "unless every run succeeded.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        if (watch && studyId == null) {
            throw new ParameterException(spec.commandLine(), "--watch: follows one study; give its ID "
                    + "(runfleet status ID --watch)");
        }
        var out = spec.commandLine().getOut();
        if (studyId == null) {
            out.print(StudiesTableView.renderList(allStudies()));
        } else {
            JsonNode study = root.scheduler().getJson("/studies/" + StudyIds.checked(studyId));
            out.print(StudiesTableView.renderOne(study));
            String provenance = ProvenanceView.render(study);
            if (!provenance.isEmpty()) {
                out.print("\nsubmitted\n" + provenance.indent(2));
            }
        }
        out.flush();
        return watch ? StudyFollower.follow(root.scheduler(), spec.commandLine().getErr(), studyId) : ExitCodes.OK;
    }

    /** Every study, oldest first: GET /studies answers a page at a time, each after the last id of the one before. */
    private JsonNode allStudies() {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        String after = null;
        while (true) {
            JsonNode page = root.scheduler().getJson("/studies?limit=" + PAGE
                    + (after == null ? "" : "&after=" + StudyIds.checked(after)));
            page.forEach(all::add);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.get(page.size() - 1).path("id").asText();
        }
    }
}
