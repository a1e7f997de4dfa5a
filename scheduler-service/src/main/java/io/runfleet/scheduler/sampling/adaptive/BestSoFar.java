package io.runfleet.scheduler.sampling.adaptive;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The best value observed and its point; for an objective to explore, the lowest. */
public record BestSoFar(Map<String, Double> point, double value) {

    public static Optional<BestSoFar> of(List<Observation> observed, Goal goal) {
        BestSoFar best = null;
        for (Observation observation : observed) {
            if (observation.failed()) {
                continue;
            }
            double value = observation.value().getAsDouble();
            if (best == null || better(value, best.value(), goal)) {
                best = new BestSoFar(observation.point(), value);
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean better(double value, double than, Goal goal) {
        return goal == Goal.MAXIMIZE ? value > than : value < than;
    }
}
