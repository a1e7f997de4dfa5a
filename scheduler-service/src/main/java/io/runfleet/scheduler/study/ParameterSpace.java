package io.runfleet.scheduler.study;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The points of a study: the cartesian product of its components (grid, zip, points, csv, space, sample, in that
 * order, the first varying slowest), each point with the constants merged in. Points are produced one at a time
 * (grids, zips, products and chains are never expanded up front; a sample holds one batch), so a study of a
 * million runs is never held in memory at once.
 */
public final class ParameterSpace implements Iterable<Map<String, Object>> {

    private final Space points;
    private final Map<String, Object> constants;

    ParameterSpace(Space points, Map<String, Object> constants) {
        this.points = points;
        // Constants may be null (a parameter without value), which Map.copyOf refuses.
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    }

    /** Number of points; {@link Long#MAX_VALUE} when it does not fit a long. */
    public long count() {
        return points.size();
    }

    /** The values merged into every point; what a sampler's points are given too. */
    public Map<String, Object> constants() {
        return constants;
    }

    /** Every value each parameter takes, constants included, at the cost of the leaves' sizes ({@link Space#eachValue}). */
    void eachValue(java.util.function.BiConsumer<String, Object> sink) {
        points.eachValue(sink);
        constants.forEach(sink);
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        Iterator<Map<String, Object>> partial = points.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return partial.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                Map<String, Object> point = new LinkedHashMap<>(partial.next());
                point.putAll(constants);
                return point;
            }
        };
    }
}
