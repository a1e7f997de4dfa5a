package io.runfleet.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.ExitCodes;
import io.runfleet.cli.RunfleetCommand;
import io.runfleet.cli.table.RunsTableView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists a study's runs in seq order: state, attempt, agent, parameters and why a run failed.")
public final class RunsCommand implements Callable<Integer> {

    /** The scheduler's run states, checked here so that a typo is a usage error, not a refusal. */
    private static final List<String> STATES = List.of("PENDING", "DISPATCHED", "RUNNING", "RETRYING", "SUCCEEDED",
            "FAILED", "TIMED_OUT", "CANCELLED");

    /** The scheduler's largest page. */
    private static final int PAGE = 10_000;

    @ParentCommand
    RunfleetCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The study id.")
    String studyId;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only runs in this state: PENDING, DISPATCHED, RUNNING, RETRYING, SUCCEEDED, FAILED, "
                    + "TIMED_OUT or CANCELLED.")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many runs (default ${DEFAULT-VALUE}).")
    long limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit: " + limit + " is too small; give 1 or more");
        }
        String wanted = state == null ? null : state.toUpperCase(Locale.ROOT);
        if (wanted != null && !STATES.contains(wanted)) {
            throw new ParameterException(spec.commandLine(), "--state: '" + state + "' is not a run state; give one of "
                    + String.join(", ", STATES));
        }
        String path = "/studies/" + StudyIds.checked(studyId) + "/runs?"
                + (wanted == null ? "" : "state=" + URLEncoder.encode(wanted, StandardCharsets.UTF_8) + "&");
        List<JsonNode> runs = new ArrayList<>();
        long afterSeq = -1;
        while (runs.size() < limit) {
            int page = (int) Math.min(PAGE, limit - runs.size());
            JsonNode answer = root.scheduler().getJson(path + "limit=" + page + "&afterSeq=" + afterSeq);
            answer.forEach(runs::add);
            if (answer.size() < page) {
                break;
            }
            afterSeq = runs.get(runs.size() - 1).path("seq").asLong();
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (runs.isEmpty()) {
            err.println("study " + studyId + " has no runs" + (state == null ? "" : " in state "
                    + state.toUpperCase(Locale.ROOT)));
        } else {
            out.print(RunsTableView.render(runs));
            if (runs.size() == limit) {
                err.println("(the first " + limit + " runs; --limit N shows more)");
            }
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
