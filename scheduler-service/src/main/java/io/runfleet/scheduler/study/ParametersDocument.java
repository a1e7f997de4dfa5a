package io.runfleet.scheduler.study;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * The parameter space. Linked maps keep the document's key order, which fixes the expansion order. A list of values
 * ({@code grid} and {@code zip} entries) is a list or a helper mapping ({@code {linspace: [0, 1, 5]}}), hence
 * {@code Object}.
 *
 * @param grid      cartesian product of its lists, first key varying slowest
 * @param zip       lists varied together (all of the same length)
 * @param points    explicit parameter sets
 * @param csv       explicit parameter sets as CSV text with a header line
 * @param csvFile   a CSV file next to the study; the CLI inlines it as {@code csv}, the scheduler refuses it
 * @param space     a nested expression of products, chains, zips, grids, points and samples
 * @param sample    points proposed by a seeded sampler
 * @param constants merged into every point
 */
public record ParametersDocument(
        LinkedHashMap<String, Object> grid,
        LinkedHashMap<String, Object> zip,
        List<LinkedHashMap<String, Object>> points,
        String csv,
        String csvFile,
        SpaceDocument space,
        SampleDocument sample,
        LinkedHashMap<String, Object> constants) {
}
