package io.runfleet.scheduler.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Sampler} whose unit coordinates are mapped to named parameter values, batch by batch. */
public final class PointSampler {

    private final Sampler sampler;
    private final Map<String, Dimension> dimensions;

    public PointSampler(Sampler sampler, Map<String, Dimension> dimensions) {
        if (sampler.dimensions() != dimensions.size()) {
            throw new IllegalArgumentException("the sampler has " + sampler.dimensions() + " dimensions, the design "
                    + dimensions.size());
        }
        this.sampler = sampler;
        this.dimensions = dimensions;
    }

    public long remaining() {
        return sampler.remaining();
    }

    /** The next batch of parameter points (parameter name -> value); empty once the budget is spent. */
    public List<Map<String, Object>> nextBatch() {
        double[][] batch = sampler.nextBatch();
        List<Map<String, Object>> points = new ArrayList<>(batch.length);
        for (double[] coordinates : batch) {
            Map<String, Object> point = new LinkedHashMap<>();
            int d = 0;
            for (Map.Entry<String, Dimension> dimension : dimensions.entrySet()) {
                point.put(dimension.getKey(), dimension.getValue().value(coordinates[d++]));
            }
            points.add(point);
        }
        return points;
    }
}
