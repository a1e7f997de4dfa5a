package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * The parameter space. Linked maps keep the document's key order, which fixes the expansion order.
 *
 * @param grid      cartesian product of its lists, first key varying slowest
 * @param zip       lists varied together (all of the same length)
 * @param points    explicit parameter sets
 * @param constants merged into every point
 */
public record ParametersDocument(
        LinkedHashMap<String, List<Object>> grid,
        LinkedHashMap<String, List<Object>> zip,
        List<LinkedHashMap<String, Object>> points,
        LinkedHashMap<String, Object> constants) {
}
