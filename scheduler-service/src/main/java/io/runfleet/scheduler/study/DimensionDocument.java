package io.runfleet.scheduler.study;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One sampled parameter as written: exactly one of {@code float}, {@code int}, {@code choice}, {@code normal}.
 * Bounds are read as plain values so that the validator can say what is wrong with them.
 *
 * @param floatRange {@code float: [lo, hi]}, a decimal between the bounds
 * @param intRange   {@code int: [lo, hi]}, an integer from lo to hi, both included
 * @param choice     {@code choice: [a, b, c]} (or a value helper), one of the values
 * @param normal     {@code normal: [mean, sd]}, normally distributed
 * @param log        with {@code float}: uniform in the logarithm
 */
public record DimensionDocument(
        @JsonProperty("float") List<Object> floatRange,
        @JsonProperty("int") List<Object> intRange,
        Object choice,
        List<Object> normal,
        Boolean log) {
}
