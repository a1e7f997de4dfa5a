package io.runfleet.scheduler.study;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Lists varied together: point i holds the i-th value of every list. A zip of one list is one axis of a grid. The
 * lists must be of the same length; the validator reports lists that are not, and this refuses them too, so that
 * nothing is ever truncated silently.
 */
final class ZipSpace implements Space {

    private final Map<String, List<Object>> lists;
    private final int length;

    ZipSpace(Map<String, List<Object>> lists) {
        this.lists = Collections.unmodifiableMap(new LinkedHashMap<>(lists));
        this.length = lists.isEmpty() ? 0 : lists.values().iterator().next().size();
        if (lists.values().stream().anyMatch(values -> values.size() != length)) {
            throw new IllegalArgumentException("zip lists of different lengths: " + lengths(lists));
        }
    }

    static Map<String, Integer> lengths(Map<String, List<Object>> lists) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        lists.forEach((name, values) -> lengths.put(name, values.size()));
        return lengths;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < length;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> point = new LinkedHashMap<>();
                for (Map.Entry<String, List<Object>> list : lists.entrySet()) {
                    point.put(list.getKey(), list.getValue().get(next));
                }
                next++;
                return point;
            }
        };
    }
}
