package io.runfleet.scheduler.study;

import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A finite, ordered sequence of partial points (parameter name -> value): one node of a study's parameter space.
 * Every {@link #iterator()} starts again from the first point and yields the same points, so a product can run
 * through an inner space once per point of the outer one without holding it in memory.
 */
interface Space extends Iterable<Map<String, Object>> {

    /** Number of points; {@link Long#MAX_VALUE} when it does not fit a long. */
    long size();

    @Override
    Iterator<Map<String, Object>> iterator();

    /**
     * Hands over every value each parameter takes (with repeats), without forming the product: a product or chain
     * hands over its terms' values, a leaf (a zip, a grid's list, explicit points, a sample) runs through its own
     * points. So the cost is the sum of the leaves' sizes, never the number of runs.
     */
    default void eachValue(BiConsumer<String, Object> sink) {
        for (Map<String, Object> point : this) {
            point.forEach(sink);
        }
    }

    /** a * b, or {@link Long#MAX_VALUE} on overflow. */
    static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** a + b, or {@link Long#MAX_VALUE} on overflow. */
    static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
