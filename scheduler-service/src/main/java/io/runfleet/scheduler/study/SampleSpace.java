package io.runfleet.scheduler.study;

import io.runfleet.scheduler.sampling.PointSampler;
import io.runfleet.scheduler.sampling.SampleDesign;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The {@code budget} points of a sampler, drawn batch by batch: only one batch is in memory. Each iteration starts a
 * new sampler from the seed, so it yields the same points every time.
 */
final class SampleSpace implements Space {

    private final SampleDesign design;

    SampleSpace(SampleDesign design) {
        this.design = design;
    }

    @Override
    public long size() {
        return design.budget();
    }

    @Override
    public Iterator<Map<String, Object>> iterator() {
        PointSampler sampler = design.sampler();
        return new Iterator<>() {
            private Iterator<Map<String, Object>> batch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (!batch.hasNext() && sampler.remaining() > 0) {
                    List<Map<String, Object>> points = sampler.nextBatch();
                    batch = points.iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }
}
