package io.runfleet.scheduler.study;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.NoSuchElementException;

/**
 * The cartesian product of its terms, the first varying slowest (psweep's {@code pgrid}, itertools.product). Counts
 * through the terms like an odometer, restarting a term's iterator when it runs out: only one point per term is held.
 * A grid is the product of one-list zips.
 */
final class ProductSpace implements Space {

    private final List<Space> terms;

    private ProductSpace(List<Space> terms) {
        this.terms = List.copyOf(terms);
    }

    /** The product, with nested products flattened (the product is associative, the order stays the same). */
    static Space of(List<Space> terms) {
        List<Space> flat = new ArrayList<>();
        for (Space term : terms) {
            if (term instanceof ProductSpace product) {
                flat.addAll(product.terms);
            } else {
                flat.add(term);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new ProductSpace(flat);
    }

    @Override
    public long size() {
        long size = 1;
        for (Space term : terms) {
            size = Space.multiply(size, term.size());
        }
        return size;
    }

    @Override
    public void eachValue(BiConsumer<String, Object> sink) {
        terms.forEach(term -> term.eachValue(sink));
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return new Odometer();
    }

    private final class Odometer implements Iterator<Map<String, Object>> {

        private final List<Iterator<Map<String, Object>>> wheels = new ArrayList<>();
        private final List<Map<String, Object>> current = new ArrayList<>();
        private final long total = size();
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
            if (produced == 0) {
                for (Space term : terms) {
                    Iterator<Map<String, Object>> wheel = term.iterator();
                    wheels.add(wheel);
                    current.add(wheel.next());
                }
            } else {
                advance();
            }
            produced++;
            Map<String, Object> point = new LinkedHashMap<>();
            current.forEach(point::putAll);
            return point;
        }

        /** Turns the last wheel; a wheel that ran out starts again and turns the one before it. */
        private void advance() {
            for (int t = terms.size() - 1; t >= 0; t--) {
                if (wheels.get(t).hasNext()) {
                    current.set(t, wheels.get(t).next());
                    return;
                }
                Iterator<Map<String, Object>> restarted = terms.get(t).iterator();
                wheels.set(t, restarted);
                current.set(t, restarted.next());
            }
        }
    }
}
