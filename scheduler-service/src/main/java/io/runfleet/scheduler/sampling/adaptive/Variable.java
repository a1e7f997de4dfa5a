package io.runfleet.scheduler.sampling.adaptive;

/** One input of the objective: its name, range and scale. The model sees it as a coordinate of [0, 1]. */
public record Variable(String name, double min, double max, Scale scale) {

    public Variable {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a variable needs a name");
        }
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("variable '" + name + "': min must be finite and below max, got ["
                    + min + ", " + max + "]");
        }
        if (scale == Scale.LOG && min <= 0) {
            throw new IllegalArgumentException("variable '" + name + "': a log scale needs min > 0, got " + min);
        }
    }

    /** The coordinate in [0, 1] of a value in the range (values outside map outside [0, 1]). */
    public double toUnit(double value) {
        return scale == Scale.LOG
                ? Math.log(value / min) / Math.log(max / min)
                : (value - min) / (max - min);
    }

    /** The value at a coordinate in [0, 1], clamped into [min, max] against rounding. */
    public double fromUnit(double u) {
        double value = scale == Scale.LOG ? min * Math.pow(max / min, u) : min + u * (max - min);
        return Math.min(max, Math.max(min, value));
    }
}
