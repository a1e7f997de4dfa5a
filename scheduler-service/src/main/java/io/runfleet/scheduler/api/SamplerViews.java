package io.runfleet.scheduler.api;

import java.util.List;
import java.util.Map;

/** The bodies of the ask/tell API (docs/scheduler-service.md, "Sampler loops: ask/tell"). */
public final class SamplerViews {

    private SamplerViews() {
    }

    /** POST /studies/{id}/suggestions: {@code {"points": [{"clientPointId": "p1", "params": {"x1": 1.5}}]}}. */
    public record SuggestionsRequest(List<PointBody> points) {
    }

    public record PointBody(String clientPointId, Map<String, Object> params) {
    }

    /** @param created false when the id already named this point's run (a replay) */
    public record SuggestedRun(String clientPointId, String runId, long seq, boolean created) {
    }

    /** @param capacity the runs the sampler may still add now */
    public record Suggestions(List<SuggestedRun> runs, long capacity) {
    }

    /** GET /studies/{id}/sampler. {@code best} is null while no run has a value, and for the goal explore. */
    public record SamplerStatus(String kind, String state, long inFlight, long done, long failed, long cancelled,
                                long created, long capacity, Best best, Budget budget, String stopReason) {
    }

    public record Best(String runId, String clientPointId, Map<String, Object> params, double value,
                       String objective) {
    }

    /** Limits and what is left of them; the optional ones are null when the study sets none. */
    public record Budget(int maxRuns, long runsLeft, Integer maxFailures, Long failuresLeft, String maxTime,
                         Long timeLeftSeconds) {
    }

    /** POST /studies/{id}/sampler/close, optional. */
    public record CloseRequest(Boolean cancelInFlight) {
    }

    /** POST /studies/{id}/cancellations. */
    public record CancellationsRequest(List<String> runIds) {
    }

    /** @param state null for a run not found */
    public record RunCancellation(String runId, String outcome, String state, boolean cancelRequested) {
    }

    public record Cancellations(List<RunCancellation> runs) {
    }
}
