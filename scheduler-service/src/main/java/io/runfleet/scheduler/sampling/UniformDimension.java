package io.runfleet.scheduler.sampling;

/**
 * A decimal between {@code low} and {@code high}: {@code low + u (high - low)}, or with {@code log}
 * {@code low (high / low)^u}, uniform in the logarithm (needs low > 0).
 */
public record UniformDimension(double low, double high, boolean log) implements Dimension {

    public UniformDimension {
        if (!(low < high) || (log && !(low > 0))) {
            throw new IllegalArgumentException("bounds [" + low + ", " + high + "] need low < high"
                    + (log ? " and low > 0 for log" : ""));
        }
    }

    @Override
    public Object value(double u) {
        if (log) {
            return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        }
        return low + u * (high - low);
    }
}
