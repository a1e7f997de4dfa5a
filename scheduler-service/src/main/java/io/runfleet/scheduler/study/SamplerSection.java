package io.runfleet.scheduler.study;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A validated {@code sampler} section (docs/study-format.md, "Sampler loops"): where a sampler study's points come
 * from, what they are scored by and when the loop stops. The same record serves the built-in sampler and ask/tell
 * clients; the adaptive-only parts ({@code initialDesign}, {@code model}, {@code acquisition}) are null for
 * {@link Kind#EXTERNAL}.
 *
 * @param variables   the parameters the sampler chooses, in the document's order
 * @param objective   the one output the sampler optimises (or explores)
 * @param inFlight    the most runs the loop keeps PENDING, DISPATCHED, RUNNING or RETRYING at once
 * @param onStop      what becomes of the runs in flight when the sampler stops
 */
public record SamplerSection(Kind kind, Map<String, Variable> variables, Objective objective,
                             InitialDesign initialDesign, int inFlight, Budget budget, Kernel kernel,
                             Acquisition acquisition, Stop stop, OnStop onStop, Failures failures) {

    public SamplerSection {
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Who proposes the points. */
    public enum Kind { ADAPTIVE, EXTERNAL }

    public enum Scale { LINEAR, LOG }

    /** What the sampler does with the objective; {@link #EXPLORE} has no best point. */
    public enum Goal { MINIMIZE, MAXIMIZE, EXPLORE }

    public enum DesignMethod { SOBOL, LHS, RANDOM, HALTON }

    public enum Kernel { RBF, MATERN52 }

    public enum Acquisition { EI, LCB, VARIANCE }

    /** {@link #DRAIN}: runs in flight finish; {@link #CANCEL}: they are cancelled. */
    public enum OnStop { DRAIN, CANCEL }

    /** {@link #EXCLUDE}: a failed point is left out of the model; {@link #PENALIZE}: it counts as the worst value. */
    public enum Failures { EXCLUDE, PENALIZE }

    /** Bounds of one variable; {@code min < max}, and {@code min > 0} on a log scale. */
    public record Variable(double min, double max, Scale scale) {

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    public record Objective(String name, Goal goal) {
    }

    public record InitialDesign(DesignMethod method, int count, long seed) {
    }

    /**
     * @param maxRuns     every run created counts, cancelled ones too
     * @param maxFailures failed runs (null: no limit)
     * @param maxTime     from the study's submission (null: no limit)
     */
    public record Budget(int maxRuns, Integer maxFailures, Duration maxTime) {
    }

    /** Reasons the built-in loop stops on besides the budget; null fields are not checked. */
    public record Stop(Double targetValue, Double targetTolerance, Integer stagnationRuns) {
    }

    /** The name of an enum constant as written in studies: {@code matern52}, {@code external}. */
    public static String written(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
