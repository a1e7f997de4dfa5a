package io.runfleet.scheduler.sampling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A validated {@code sample}: the method, the named dimensions in document order (that order fixes which coordinate
 * each parameter gets), the budget, the batch size and the seed.
 */
public record SampleDesign(SamplingMethod method, Map<String, Dimension> dimensions, long budget, int batch, Long seed) {

    public SampleDesign {
        dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    /** A new sampler at the start of the design's stream: every call proposes the same points. */
    public PointSampler sampler() {
        return new PointSampler(method.create(dimensions.size(), budget, batch, seed), dimensions);
    }
}
