package io.runfleet.scheduler.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One of the given values, each equally likely: the value at {@code floor(u k)} for k values. */
public record ChoiceDimension(List<Object> values) implements Dimension {

    public ChoiceDimension {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one value");
        }
        // Values may be null (a parameter without value), which List.copyOf refuses.
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    @Override
    public Object value(double u) {
        int index = (int) Math.floor(u * values.size());
        return values.get(Math.max(0, Math.min(index, values.size() - 1)));
    }
}
