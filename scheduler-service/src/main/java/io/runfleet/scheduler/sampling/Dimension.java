package io.runfleet.scheduler.sampling;

/** One sampled parameter: maps a coordinate u of the unit interval to the parameter's value. */
public sealed interface Dimension permits UniformDimension, IntegerDimension, ChoiceDimension, NormalDimension {

    Object value(double u);

    /** Whether this dimension needs u strictly inside (0, 1), which only some samplers guarantee. */
    default boolean needsOpenUnitInterval() {
        return false;
    }
}
