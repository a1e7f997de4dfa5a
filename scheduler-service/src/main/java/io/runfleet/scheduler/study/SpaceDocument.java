package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One node of {@code parameters.space}, as written: exactly one of its fields is given, and product and chain terms
 * are nodes again.
 *
 * @param product cartesian product of the terms, first term varying slowest (psweep's {@code pgrid})
 * @param chain   the terms one after the other (psweep's {@code stack}); every term has the same parameters
 * @param zip     lists varied together (psweep's {@code pzip})
 * @param grid    cartesian product of lists, first key varying slowest
 * @param points  explicit parameter sets (psweep's {@code plist} of mappings)
 * @param sample  points proposed by a seeded sampler
 */
public record SpaceDocument(
        List<SpaceDocument> product,
        List<SpaceDocument> chain,
        LinkedHashMap<String, Object> zip,
        LinkedHashMap<String, Object> grid,
        List<LinkedHashMap<String, Object>> points,
        SampleDocument sample) {
}
