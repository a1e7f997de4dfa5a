package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Explicit points, in the order given ({@code points}, {@code csv}). */
final class ListSpace implements Space {

    private final List<Map<String, Object>> points;

    ListSpace(List<? extends Map<String, Object>> points) {
        this.points = Collections.unmodifiableList(new ArrayList<>(points));
    }

    @Override
    public long size() {
        return points.size();
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return points.iterator();
    }
}
