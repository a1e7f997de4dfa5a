package io.runfleet.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One look at a study as {@code GET /studies/{id}} reports it. {@code launchProblem} is why the agents the scheduler
 * starts for the study (its {@code launch} section) stopped being replaced, else the last error of starting or
 * watching them; empty when there is none.
 */
public record StudyStatus(String id, String name, String state, long total, Map<String, Long> counts,
                          String launchProblem) {

    public static final String ACTIVE = "ACTIVE";

    public StudyStatus {
        counts = Map.copyOf(counts);
        launchProblem = launchProblem == null ? "" : launchProblem;
    }

    public StudyStatus(String id, String name, String state, long total, Map<String, Long> counts) {
        this(id, name, state, total, counts, "");
    }

    public static StudyStatus from(JsonNode json) {
        Map<String, Long> counts = new LinkedHashMap<>();
        json.path("counts").fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        long total = json.has("total") ? json.path("total").asLong() : json.path("runs").asLong();
        JsonNode launch = json.path("launch");
        String launchProblem = launch.path("stoppedReplacing").isTextual() ? launch.path("stoppedReplacing").asText()
                : launch.path("lastError").asText("");
        return new StudyStatus(json.path("id").asText(), json.path("name").asText(),
                json.path("state").asText(), total, counts, launchProblem);
    }

    public long count(String runState) {
        return counts.getOrDefault(runState, 0L);
    }

    public long succeeded() {
        return count("SUCCEEDED");
    }

    /** Runs that ended without success: failed or timed out (cancelled ones are counted apart). */
    public long failed() {
        return count("FAILED") + count("TIMED_OUT");
    }

    /** Runs handed to agents: dispatched (not yet claimed) or running. */
    public long inFlight() {
        return count("DISPATCHED") + count("RUNNING");
    }

    public long finished() {
        return succeeded() + failed() + count("CANCELLED");
    }

    /** The study no longer changes: completed or cancelled. */
    public boolean isOver() {
        return !ACTIVE.equals(state);
    }

    public boolean allSucceeded() {
        return total > 0 && succeeded() == total;
    }
}
