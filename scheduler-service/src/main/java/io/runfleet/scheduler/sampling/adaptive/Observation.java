package io.runfleet.scheduler.sampling.adaptive;

import java.util.Map;
import java.util.OptionalDouble;

/** A finished run: its point in variable units and its objective value, empty when the run failed. */
public record Observation(Map<String, Double> point, OptionalDouble value) {

    public Observation {
        point = Map.copyOf(point);
    }

    public static Observation of(Map<String, Double> point, double value) {
        return new Observation(point, OptionalDouble.of(value));
    }

    public static Observation failed(Map<String, Double> point) {
        return new Observation(point, OptionalDouble.empty());
    }

    public boolean failed() {
        return value.isEmpty();
    }
}
