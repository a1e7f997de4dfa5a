package io.runfleet.scheduler.sampling;

/**
 * An integer from {@code low} to {@code high}, both included, each equally likely: {@code low + floor(u (high - low +
 * 1))}. Values that fit an int are ints, as the same number written in the study would be.
 */
public record IntegerDimension(long low, long high) implements Dimension {

    public IntegerDimension {
        if (low >= high) {
            throw new IllegalArgumentException("bounds [" + low + ", " + high + "] need low < high");
        }
    }

    @Override
    public Object value(double u) {
        double span = (double) high - (double) low + 1.0;
        long offset = (long) Math.floor(u * span);
        long value = Math.min(low + Math.max(offset, 0), high);
        return value == (int) value ? (Object) (int) value : (Object) value;
    }
}
