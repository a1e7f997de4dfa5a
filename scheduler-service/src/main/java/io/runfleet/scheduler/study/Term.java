package io.runfleet.scheduler.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated piece of the parameter space and the parameters it sets, each with the field that defines it (for
 * messages about a parameter defined twice). An invalid piece keeps its names, so that placeholders naming them are
 * not reported again, and has no points.
 */
record Term(Space space, Map<String, String> definedAt) {

    static final Space NO_POINTS = new ListSpace(List.of());

    Term {
        definedAt = Collections.unmodifiableMap(new LinkedHashMap<>(definedAt));
    }

    static Term invalid(Map<String, String> definedAt) {
        return new Term(NO_POINTS, definedAt);
    }
}
