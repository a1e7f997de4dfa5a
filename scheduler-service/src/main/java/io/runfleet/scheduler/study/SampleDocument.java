package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;

/**
 * A seeded sampler as written ({@code parameters.sample} or a {@code sample} node of the space).
 *
 * @param method     random, lhs, sobol or halton
 * @param budget     how many points, >= 1
 * @param batch      points proposed at a time (an LHS batch is one Latin hypercube); default: the budget
 * @param seed       the stream's seed; required for random and lhs, optional for sobol and halton
 * @param dimensions parameter name -> its range, in the order that assigns the sampler's coordinates
 */
public record SampleDocument(
        String method,
        Long budget,
        Long batch,
        Long seed,
        LinkedHashMap<String, DimensionDocument> dimensions) {
}
