package io.runfleet.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.table.SamplerView;
import java.util.Optional;
import java.util.function.Function;

/**
 * The best value so far of a study's sampler, for beside the progress bar ({@code  best f = 0.397887}). Asks for the
 * sampler's status at most once a second however often the bar is redrawn; a study without a sampler (the scheduler
 * answers 404 or 409, or something that is no sampler status) shows nothing and is not asked again. A failed request
 * keeps the last value shown.
 */
public final class SamplerBest {

    /** The status changes as runs end; once a second keeps the scheduler's load what the progress poll is. */
    static final long MIN_INTERVAL_MILLIS = 1000;

    private final Function<String, Optional<JsonNode>> samplerOf;
    private boolean noSampler;
    private long nextAskMillis = Long.MIN_VALUE;
    private String text = "";

    /** @param samplerOf answers {@code GET /studies/{id}/sampler}, empty when the study has no sampler */
    public SamplerBest(Function<String, Optional<JsonNode>> samplerOf) {
        this.samplerOf = samplerOf;
    }

    /** The text to append to the progress line: empty, or two blanks and the best value. */
    public String text(String studyId, long nowMillis) {
        if (noSampler || nowMillis < nextAskMillis) {
            return text;
        }
        nextAskMillis = nowMillis + MIN_INTERVAL_MILLIS;
        Optional<JsonNode> sampler;
        try {
            sampler = samplerOf.apply(studyId).filter(status -> status.path("kind").isTextual());
        } catch (RuntimeException e) {
            // A hiccup of the scheduler must not end the watching: keep the last value, ask again in a second.
            return text;
        }
        if (sampler.isEmpty()) {
            noSampler = true;
            text = "";
        } else {
            JsonNode best = sampler.get().path("best");
            text = "  best " + (best.isObject() ? SamplerView.shortBest(best) : "--");
        }
        return text;
    }
}
