package io.runfleet.scheduler.sampling;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The sampling methods a study may name, and the sampler each one builds. */
public enum SamplingMethod {

    RANDOM(true, true),
    LHS(true, true),
    SOBOL(false, false),
    HALTON(false, false);

    private final boolean needsSeed;
    private final boolean openUnitInterval;

    SamplingMethod(boolean needsSeed, boolean openUnitInterval) {
        this.needsSeed = needsSeed;
        this.openUnitInterval = openUnitInterval;
    }

    /** The name as written in a study: {@code random}, {@code lhs}, {@code sobol}, {@code halton}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SamplingMethod> byLabel(String label) {
        return Arrays.stream(values()).filter(method -> method.label().equals(label)).findFirst();
    }

    /** Random methods have nothing to draw from without a seed; sobol and halton are the published sequences then. */
    public boolean needsSeed() {
        return needsSeed;
    }

    /**
     * Whether every coordinate lies strictly inside (0, 1). Sobol and Halton start at the origin, so normal dimensions
     * (infinite at 0) are for random and lhs only.
     */
    public boolean openUnitInterval() {
        return openUnitInterval;
    }

    /**
     * @param seed required for random and lhs; for sobol and halton null gives the published sequence
     */
    public Sampler create(int dimensions, long budget, int batch, Long seed) {
        if (needsSeed && seed == null) {
            throw new IllegalArgumentException(label() + " sampling needs a seed");
        }
        return switch (this) {
            case RANDOM -> new RandomSampler(dimensions, budget, batch, seed);
            case LHS -> new LatinHypercubeSampler(dimensions, budget, batch, seed);
            case SOBOL -> new SobolSampler(dimensions, budget, batch, seed);
            case HALTON -> new HaltonSampler(dimensions, budget, batch, seed);
        };
    }
}
