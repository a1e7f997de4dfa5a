package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code runfleet explain}: a run's or a study's explanation as the scheduler gives it, as lines of text. */
public final class ExplainView {

    private ExplainView() {
    }

    /** @param run the answer of {@code GET /studies/{id}/runs/{run}/explain} */
    public static String run(JsonNode run) {
        List<String> lines = new ArrayList<>();
        lines.add("run " + run.path("runId").asText() + " (seq " + run.path("seq").asLong() + ", stage "
                + run.path("stage").asText("main") + ") of study " + run.path("studyId").asText() + ": "
                + run.path("state").asText() + ", attempt " + run.path("attempt").asInt());
        lines.add("  " + run.path("summary").asText());
        run.path("reasons").forEach(reason -> lines.add("  - " + reason.asText()));
        JsonNode earlier = run.path("earlier");
        int before = earlier.path("failed").asInt() + earlier.path("lost").asInt() + earlier.path("preempted").asInt()
                + earlier.path("drained").asInt();
        lines.add("attempts:");
        if (before > 0) {
            lines.add("  earlier attempts ended: " + earlier.path("failed").asInt() + " failed, "
                    + earlier.path("lost").asInt() + " lost, " + earlier.path("preempted").asInt() + " preempted, "
                    + earlier.path("drained").asInt() + " drained");
        }
        JsonNode current = run.path("current");
        if (current.isNull() || current.isMissingNode()) {
            lines.add("  none yet: the run was never dispatched");
        } else {
            lines.add("  attempt " + current.path("attempt").asInt() + ": " + current.path("end").asText()
                    + agent(current) + times(current)
                    + (current.path("exitCode").isNumber() ? ", exit code " + current.path("exitCode").asInt() : "")
                    + (current.path("reason").isTextual() ? ": " + current.path("reason").asText() : ""));
        }
        return String.join("\n", lines) + "\n";
    }

    /** @param study the answer of {@code GET /studies/{id}/explain} */
    public static String study(JsonNode study) {
        List<String> lines = new ArrayList<>();
        lines.add(study.path("summary").asText());
        if (study.path("blockers").isEmpty()) {
            lines.add("  nothing holds it back");
        }
        study.path("blockers").forEach(blocker -> lines.add("  - " + blocker.asText()));
        return String.join("\n", lines) + "\n";
    }

    private static String agent(JsonNode attempt) {
        if (!attempt.path("agentId").isTextual()) {
            return "";
        }
        return " on agent " + attempt.path("agentId").asText()
                + (attempt.path("host").isTextual() ? " (host " + attempt.path("host").asText() + ")" : "");
    }

    private static String times(JsonNode attempt) {
        String started = attempt.path("startedAt").isTextual() ? attempt.path("startedAt").asText() : null;
        String ended = attempt.path("endedAt").isTextual() ? attempt.path("endedAt").asText() : null;
        if (started == null && ended == null) {
            return "";
        }
        return ", " + (started == null ? "?" : started) + " to " + (ended == null ? "now" : ended);
    }
}
