package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code runfleet alloc list}: one row per live allocation; a study without one gets a row saying why. */
public final class AllocationsTableView {

    private static final int MAX_CELL_WIDTH = 90;

    private AllocationsTableView() {
    }

    /** @param studies the answer of {@code GET /allocations} */
    public static String render(JsonNode studies) {
        if (studies.isEmpty()) {
            return "no study has a slurm launch the scheduler manages now (ACTIVE, with runs left)\n";
        }
        TextTable table = new TextTable(List.of("STUDY", "ID", "POOL", "STATE", "NODES", "AGENTS", "DEADLINE",
                "REASON"), MAX_CELL_WIDTH);
        for (JsonNode study : studies) {
            String studyId = study.path("studyId").asText();
            String pool = study.path("pool").asText("-");
            if (study.path("allocations").isEmpty()) {
                table.addRow(List.of(studyId, "-", pool, "none", "-", "-", "-",
                        "no allocation: " + study.path("explanation").asText("?")));
            }
            for (JsonNode allocation : study.path("allocations")) {
                table.addRow(List.of(studyId, allocation.path("jobId").asText(), pool,
                        allocation.path("state").asText(), allocation.path("nodes").asText(),
                        allocation.path("agentsRegistered").asText(), text(allocation.path("endTime")),
                        allocation.path("reason").asText("")));
            }
        }
        return table.render();
    }

    /**
     * {@code runfleet alloc explain}: per study, why there is no allocation (or not more), what stops submitting,
     * the latest error, and the allocations that ended with their end state and reason.
     */
    public static String explain(JsonNode studies) {
        if (studies.isEmpty()) {
            return "no study has a slurm launch the scheduler manages now (ACTIVE, with runs left)\n";
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode study : studies) {
            String studyId = study.path("studyId").asText();
            lines.add("study " + studyId + " (pool " + study.path("pool").asText("-") + ", "
                    + study.path("studyState").asText() + "): " + study.path("explanation").asText("?"));
            if (study.path("paused").asBoolean()) {
                lines.add("  paused after " + study.path("consecutiveFailures").asInt() + " failures in a row: fix the"
                        + " cause, then `runfleet alloc resume " + studyId + "`");
            } else if (!study.path("backoffUntil").isNull() && !study.path("backoffUntil").isMissingNode()) {
                lines.add("  backing off: no sbatch before " + study.path("backoffUntil").asText() + " ("
                        + study.path("consecutiveFailures").asInt() + " failures in a row)");
            }
            lines.add("  runs waiting: " + study.path("runsWaiting").asInt() + ", slots wanted "
                    + study.path("slotsWanted").asInt() + ", supplied " + study.path("slotsSupplied").asInt()
                    + (study.path("runsThatNeverFit").asInt() > 0 ? "; " + study.path("runsThatNeverFit").asInt()
                    + " runs never fit the walltime less drainMargin" : ""));
            if (study.path("lastError").isTextual()) {
                lines.add("  last error: " + study.path("lastError").asText());
            }
            for (JsonNode allocation : study.path("allocations")) {
                lines.add("  live " + allocation.path("jobId").asText() + " " + allocation.path("state").asText()
                        + ": " + allocation.path("reason").asText(""));
            }
            JsonNode ended = study.path("ended");
            if (!ended.isEmpty()) {
                lines.add("  ended allocations (latest last):");
            }
            for (JsonNode allocation : ended) {
                int requeued = allocation.path("runsRequeued").asInt();
                lines.add("    " + allocation.path("jobId").asText() + " " + allocation.path("state").asText()
                        + " at " + text(allocation.path("endedAt")) + ": " + allocation.path("reason").asText("")
                        + (requeued > 0 ? " (" + requeued + " runs requeued)" : ""));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }
}
