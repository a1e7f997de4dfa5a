package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The points of a study: the cartesian product of its components (grid, zip, points, in that order, first varying
 * slowest), each point with the constants merged in. Points are produced one at a time, so a study of a million
 * runs is never held in memory at once.
 */
public final class ParameterSpace implements Iterable<Map<String, Object>> {

    private final List<List<Map<String, Object>>> components;
    private final Map<String, Object> constants;

    /**
     * @param components each a list of partial points; an empty list of components gives a single point
     *                   holding only the constants
     */
    public ParameterSpace(List<List<Map<String, Object>>> components, Map<String, Object> constants) {
        this.components = List.copyOf(components);
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    }

    /** Builds the partial points of a grid: the cartesian product of its lists, first key slowest. */
    public static List<Map<String, Object>> gridPoints(Map<String, List<Object>> grid) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>(points.size() * axis.getValue().size());
            for (Map<String, Object> prefix : points) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> point = new LinkedHashMap<>(prefix);
                    point.put(axis.getKey(), value);
                    next.add(point);
                }
            }
            points = next;
        }
        return points;
    }

    /** Builds the partial points of a zip: the i-th value of every list together. Lists must be of equal length. */
    public static List<Map<String, Object>> zipPoints(Map<String, List<Object>> zip) {
        int length = zip.values().stream().mapToInt(List::size).min().orElse(0);
        List<Map<String, Object>> points = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Map<String, Object> point = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object>> entry : zip.entrySet()) {
                point.put(entry.getKey(), entry.getValue().get(i));
            }
            points.add(point);
        }
        return points;
    }

    /** Number of points; {@link Long#MAX_VALUE} when the product overflows. */
    public long count() {
        long count = 1;
        for (List<Map<String, Object>> component : components) {
            try {
                count = Math.multiplyExact(count, component.size());
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return count;
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return new Odometer();
    }

    /** Counts through the components like an odometer: the last component turns fastest. */
    private final class Odometer implements Iterator<Map<String, Object>> {

        private final int[] positions = new int[components.size()];
        private final long total = count();
        private long produced;

        @Override
        public boolean hasNext() {
            return produced < total;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<String, Object> point = new LinkedHashMap<>();
            for (int c = 0; c < positions.length; c++) {
                point.putAll(components.get(c).get(positions[c]));
            }
            point.putAll(constants);
            advance();
            produced++;
            return point;
        }

        private void advance() {
            for (int c = positions.length - 1; c >= 0; c--) {
                positions[c]++;
                if (positions[c] < components.get(c).size()) {
                    return;
                }
                positions[c] = 0;
            }
        }
    }
}
