package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs that did not succeed, grouped by state and reason (the exit code with the last stderr line, a timeout, a
 * lost agent): how many each, and a few run ids to look up with {@code runfleet runs ID --state ...}. A thousand
 * runs failing the same way read as one line; fed one run at a time, it holds a few ids per reason, not the runs.
 */
public final class FailureGroupsView {

    private static final int IDS_SHOWN = 3;

    private final Map<String, Group> groups = new LinkedHashMap<>();

    private static final class Group {
        final String state;
        final String reason;
        final List<String> examples = new ArrayList<>();
        long count;

        Group(String state, String reason) {
            this.state = state;
            this.reason = reason;
        }
    }

    /** @param run one element of {@code GET /studies/{id}/runs} */
    public void add(JsonNode run) {
        String state = run.path("state").asText();
        String reason = RunsTableView.reason(run);
        Group group = groups.computeIfAbsent(state + '\n' + reason, key -> new Group(state, reason));
        group.count++;
        if (group.examples.size() < IDS_SHOWN) {
            group.examples.add(run.path("id").asText() + " (seq " + run.path("seq").asText() + ")");
        }
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The most frequent reason first; each with its count and up to three run ids. */
    public String render() {
        StringBuilder out = new StringBuilder();
        groups.values().stream().sorted(Comparator.comparingLong((Group group) -> group.count).reversed())
                .forEach(group -> {
                    out.append(String.format("  %d %s: %s%n", group.count, group.state,
                            group.reason.isEmpty() ? "(no reason recorded)" : group.reason));
                    out.append("      ").append(group.count == 1 ? "run " : "runs ")
                            .append(String.join(", ", group.examples))
                            .append(group.count > group.examples.size() ? ", ..." : "").append(System.lineSeparator());
                });
        return out.toString();
    }
}
