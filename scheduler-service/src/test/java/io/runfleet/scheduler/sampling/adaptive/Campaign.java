package io.runfleet.scheduler.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.sampling.SamplingMethod;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Drives an {@link AdaptiveProposer} as the scheduler will: keeps {@code inFlight} points pending, evaluates the oldest,
 * proposes one more with the others still pending, passing each proposal's hyperparameters on as the warm start.
 */
final class Campaign {

    static final double BRANIN_MINIMUM = 0.397887;
    static final List<Variable> BRANIN_VARIABLES = List.of(new Variable("x1", -5, 10, Scale.LINEAR),
            new Variable("x2", 0, 15, Scale.LINEAR));

    /** Branin-Hoo: three global minima of 0.397887 on [-5, 10] x [0, 15]. */
    static double branin(Map<String, Double> point) {
        double x1 = point.get("x1");
        double x2 = point.get("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double square = x2 - b * x1 * x1 + c * x1 - 6;
        return square * square + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    static AdaptiveSettings braninSettings(long seed, int inFlight) {
        return new AdaptiveSettings(BRANIN_VARIABLES, new Objective("f", Goal.MINIMIZE),
                new InitialDesign(SamplingMethod.LHS, 10, seed), inFlight, Kernel.MATERN52, Acquisition.EI,
                FailureMode.EXCLUDE);
    }

    final List<Observation> observed = new ArrayList<>();
    /** Smallest unit-cube distance between two points pending at the same time. */
    double closestPending = Double.POSITIVE_INFINITY;

    private final AdaptiveSettings settings;
    private final ToDoubleFunction<Map<String, Double>> objective;
    private final UnitCube cube;

    Campaign(AdaptiveSettings settings, ToDoubleFunction<Map<String, Double>> objective) {
        this.settings = settings;
        this.objective = objective;
        this.cube = new UnitCube(settings.variables());
    }

    Campaign run(int evaluations) {
        return run(evaluations, Optional.empty());
    }

    /** Runs until {@code evaluations} results, or until the stop rule says stop. */
    Campaign run(int evaluations, Optional<StopRule> stop) {
        AdaptiveProposer proposer = new AdaptiveProposer(settings);
        Deque<Map<String, Double>> pending = new ArrayDeque<>();
        Optional<Hyperparameters> warm = Optional.empty();
        while (observed.size() < evaluations && stop.flatMap(rule -> rule.check(observed)).isEmpty()) {
            int room = Math.min(settings.inFlight() - pending.size(), evaluations - observed.size() - pending.size());
            if (room > 0) {
                Proposal proposal = proposer.propose(observed, List.copyOf(pending), room, warm);
                if (proposal.hyperparameters().isPresent()) {
                    warm = proposal.hyperparameters();
                }
                assertThat(proposal.points()).as("proposal").hasSize(room);
                pending.addAll(proposal.points());
                checkSeparation(pending);
            }
            Map<String, Double> oldest = pending.removeFirst();
            observed.add(Observation.of(oldest, objective.applyAsDouble(oldest)));
        }
        return this;
    }

    private void checkSeparation(Deque<Map<String, Double>> pending) {
        List<double[]> units = pending.stream().map(cube::toUnit).toList();
        for (int i = 0; i < units.size(); i++) {
            for (int j = 0; j < i; j++) {
                closestPending = Math.min(closestPending, UnitCube.distance(units.get(i), units.get(j)));
            }
        }
    }

    double best() {
        return BestSoFar.of(observed, Goal.MINIMIZE).orElseThrow().value();
    }

    /** 1-based number of evaluations until the best came within {@code tolerance} of {@code target}, or -1. */
    int evaluationsTo(double target, double tolerance) {
        for (int i = 0; i < observed.size(); i++) {
            if (observed.get(i).value().getAsDouble() <= target + tolerance) {
                return i + 1;
            }
        }
        return -1;
    }
}
