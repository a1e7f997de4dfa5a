package io.runfleet.scheduler.sampling.adaptive;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * When an adaptive study has found enough: the best value within {@code tolerance} of a target value or beyond it
 * (below a minimised objective's target, above a maximised one's; for an objective to explore, within), or no
 * improvement of the best value in the last {@code stagnationRuns} results (failures count as results without
 * improvement). Either may be absent. Pure: the scheduler calls it with the observations in the order they finished.
 */
public record StopRule(Goal goal, OptionalDouble target, double tolerance, OptionalInt stagnationRuns) {

    public StopRule {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("stop.target.tolerance must be >= 0, got " + tolerance);
        }
        if (stagnationRuns.isPresent() && stagnationRuns.getAsInt() < 1) {
            throw new IllegalArgumentException("stop.stagnation.runs must be >= 1, got "
                    + stagnationRuns.getAsInt());
        }
    }

    /** @return why the study should stop, or empty to go on */
    public Optional<String> check(List<Observation> finishedInOrder) {
        Optional<BestSoFar> best = BestSoFar.of(finishedInOrder, goal);
        if (target.isPresent() && best.isPresent() && reached(best.get().value(), target.getAsDouble())) {
            return Optional.of("target reached: best " + best.get().value() + " is within " + tolerance + " of "
                    + target.getAsDouble() + " at " + best.get().point());
        }
        if (stagnationRuns.isPresent() && finishedInOrder.size() > stagnationRuns.getAsInt()) {
            int runs = stagnationRuns.getAsInt();
            List<Observation> before = finishedInOrder.subList(0, finishedInOrder.size() - runs);
            Optional<BestSoFar> earlier = BestSoFar.of(before, goal);
            if (earlier.isPresent() && best.isPresent()
                    && !BestSoFar.better(best.get().value(), earlier.get().value(), goal)) {
                return Optional.of("stagnation: no improvement on " + earlier.get().value() + " in the last " + runs
                        + " results");
            }
        }
        return Optional.empty();
    }

    private boolean reached(double best, double target) {
        return switch (goal) {
            case MINIMIZE -> best <= target + tolerance;
            case MAXIMIZE -> best >= target - tolerance;
            case EXPLORE -> Math.abs(best - target) <= tolerance;
        };
    }
}
