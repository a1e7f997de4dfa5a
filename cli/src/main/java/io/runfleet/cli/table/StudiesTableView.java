package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.progress.StudyStatus;
import java.util.ArrayList;
import java.util.List;

/** Studies as the scheduler lists them, and one study's run counts. */
public final class StudiesTableView {

    private static final List<String> RUN_STATES = List.of("PENDING", "DISPATCHED", "RUNNING", "RETRYING",
            "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");

    private StudiesTableView() {
    }

    public static String renderList(JsonNode studies) {
        TextTable table = new TextTable(List.of("ID", "NAME", "STATE", "RUNS", "SUCCEEDED", "FAILED", "SUBMITTED"), 40);
        for (JsonNode study : studies) {
            StudyStatus status = StudyStatus.from(study);
            boolean hasCounts = study.has("counts");
            table.addRow(List.of(status.id(), status.name(), status.state(), String.valueOf(status.total()),
                    hasCounts ? String.valueOf(status.succeeded()) : "",
                    hasCounts ? String.valueOf(status.failed()) : "",
                    ResultsTableView.cellText(study.get("submittedAt"))));
        }
        return table.render();
    }

    public static String renderOne(JsonNode study) {
        StudyStatus status = StudyStatus.from(study);
        StringBuilder out = new StringBuilder();
        out.append("study      ").append(status.id()).append(" (").append(status.name()).append(")\n")
                .append("state      ").append(status.state()).append('\n');
        appendIfPresent(out, "submitted  ", study.get("submittedAt"));
        appendIfPresent(out, "completed  ", study.get("completedAt"));
        out.append("runs       ").append(status.total()).append("\n\n");
        List<String> states = new ArrayList<>(RUN_STATES);
        status.counts().keySet().stream().filter(state -> !states.contains(state)).forEach(states::add);
        TextTable counts = new TextTable(List.of("RUN STATE", "COUNT"), 40);
        for (String state : states) {
            counts.addRow(List.of(state, String.valueOf(status.count(state))));
        }
        return out.append(counts.render()).toString();
    }

    private static void appendIfPresent(StringBuilder out, String label, JsonNode value) {
        String text = ResultsTableView.cellText(value);
        if (!text.isEmpty()) {
            out.append(label).append(text).append('\n');
        }
    }
}
