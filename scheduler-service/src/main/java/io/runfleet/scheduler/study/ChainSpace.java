package io.runfleet.scheduler.study;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.NoSuchElementException;

/** Its terms one after the other (psweep's {@code stack}, {@code +}). */
final class ChainSpace implements Space {

    private final List<Space> terms;

    ChainSpace(List<Space> terms) {
        this.terms = List.copyOf(terms);
    }

    @Override
    public long size() {
        long size = 0;
        for (Space term : terms) {
            size = Space.add(size, term.size());
        }
        return size;
    }

    @Override
    public void eachValue(BiConsumer<String, Object> sink) {
        terms.forEach(term -> term.eachValue(sink));
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        return new Iterator<>() {
            private int term;
            private Iterator<Map<String, Object>> inner = terms.isEmpty() ? null : terms.get(0).iterator();

            @Override
            public boolean hasNext() {
                while (inner != null && !inner.hasNext()) {
                    term++;
                    inner = term < terms.size() ? terms.get(term).iterator() : null;
                }
                return inner != null;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return inner.next();
            }
        };
    }
}
