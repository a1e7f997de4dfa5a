package io.runfleet.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.runfleet.cli.progress.ProgressLine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runfleet sampler ID}: a study's sampler loop as {@code GET /studies/{id}/sampler} reports it: its state, the
 * runs in flight and ended, the budget left, the best point so far and why it stopped.
 */
public final class SamplerView {

    /** Enough digits to tell close objective values apart, few enough for one line. */
    private static final MathContext SIGNIFICANT = new MathContext(6);

    private SamplerView() {
    }

    public static String render(String studyId, JsonNode sampler) {
        List<String> lines = new ArrayList<>();
        lines.add("sampler of study " + studyId + ": " + sampler.path("state").asText("?")
                + (sampler.path("kind").isTextual() ? " (" + sampler.path("kind").asText() + ")" : ""));
        lines.add("runs:    " + sampler.path("inFlight").asLong() + " in flight, " + sampler.path("done").asLong()
                + " done, " + sampler.path("failed").asLong() + " failed, " + sampler.path("cancelled").asLong()
                + " cancelled (" + sampler.path("created").asLong() + " created"
                + (sampler.path("capacity").isNumber() ? "; room for " + sampler.path("capacity").asLong() + " more now"
                : "") + ")");
        String budget = budget(sampler.path("budget"));
        if (!budget.isEmpty()) {
            lines.add("budget:  " + budget);
        }
        lines.add("best:    " + best(sampler.path("best")));
        if (sampler.path("stopReason").isTextual()) {
            lines.add("stopped: " + sampler.path("stopReason").asText());
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code f = 0.397887 at x1=3.14159, x2=2.275 (point p17, run r1)}, or {@code none yet}. */
    static String best(JsonNode best) {
        if (!best.isObject()) {
            return "none yet";
        }
        List<String> params = new ArrayList<>();
        best.path("params").fields().forEachRemaining(param -> params.add(param.getKey() + "=" + number(param.getValue())));
        List<String> origin = new ArrayList<>();
        if (best.path("clientPointId").isTextual()) {
            origin.add("point " + best.path("clientPointId").asText());
        }
        if (best.path("runId").isTextual()) {
            origin.add("run " + best.path("runId").asText());
        }
        return shortBest(best) + (params.isEmpty() ? "" : " at " + String.join(", ", params))
                + (origin.isEmpty() ? "" : " (" + String.join(", ", origin) + ")");
    }

    /** {@code f = 0.397887}: the objective's name and the best value, for the progress line as well. */
    public static String shortBest(JsonNode best) {
        return best.path("objective").asText("value") + " = " + number(best.path("value"));
    }

    private static String budget(JsonNode budget) {
        List<String> parts = new ArrayList<>();
        if (budget.path("maxRuns").isNumber()) {
            parts.add(budget.path("runsLeft").asLong() + " of " + budget.path("maxRuns").asLong() + " runs left");
        }
        if (budget.path("maxFailures").isNumber()) {
            parts.add(budget.path("failuresLeft").asLong() + " of " + budget.path("maxFailures").asLong()
                    + " failures left");
        }
        if (budget.path("maxTime").isTextual()) {
            String left = budget.path("timeLeftSeconds").isNumber()
                    ? ProgressLine.duration(Math.max(0, budget.path("timeLeftSeconds").asLong())) : "?";
            parts.add(left + " of " + duration(budget.path("maxTime").asText()) + " left");
        }
        return String.join(", ", parts);
    }

    /** {@code PT6H} as {@code 6h00m}, like the progress line's times; as given when it is no ISO-8601 duration. */
    private static String duration(String iso) {
        try {
            return ProgressLine.duration(Duration.parse(iso).toSeconds());
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** Integers as they are, decimals to 6 significant digits without trailing zeros, text as it is. */
    static String number(JsonNode value) {
        if (value.isIntegralNumber() || !value.isNumber()) {
            return value.isMissingNode() || value.isNull() ? "--" : value.asText();
        }
        double d = value.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        double magnitude = Math.abs(d);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)) {
            return String.format(Locale.ROOT, "%.5e", d);
        }
        return new BigDecimal(d).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }
}
