package io.runfleet.scheduler.sampling.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runfleet.scheduler.sampling.SamplingMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdaptiveProposerTest {

    private static final Variable X = new Variable("x", 0, 1, Scale.LINEAR);

    private static AdaptiveSettings oneVariable(FailureMode failures, int designCount) {
        return new AdaptiveSettings(List.of(X), new Objective("y", Goal.MINIMIZE),
                new InitialDesign(SamplingMethod.SOBOL, designCount, 11), 1, Kernel.MATERN52, Acquisition.EI,
                failures);
    }

    @Test
    void theFirstProposalsAreTheDesignInOrderAndTheSameForTheSameSeed() {
        AdaptiveProposer proposer = new AdaptiveProposer(Campaign.braninSettings(3, 4));
        List<Map<String, Double>> design = proposer.propose(List.of(), List.of(), 10);
        assertThat(new AdaptiveProposer(Campaign.braninSettings(3, 4)).propose(List.of(), List.of(), 10))
                .isEqualTo(design);
        assertThat(new AdaptiveProposer(Campaign.braninSettings(4, 4)).propose(List.of(), List.of(), 10))
                .isNotEqualTo(design);
        List<Observation> observed = design.subList(0, 3).stream()
                .map(p -> Observation.of(p, Campaign.branin(p))).toList();
        assertThat(proposer.propose(observed, design.subList(3, 5), 5)).isEqualTo(design.subList(5, 10));
        Proposal next = proposer.propose(observed, design.subList(3, 10), 2, Optional.empty());
        assertThat(next.points()).hasSize(2).doesNotContainAnyElementsOf(design);
        assertThat(next.hyperparameters()).isPresent();
        // A restarted scheduler has only its database: a new proposer given the same history proposes the same.
        assertThat(new AdaptiveProposer(Campaign.braninSettings(3, 4)).propose(observed, design.subList(3, 10), 2))
                .isEqualTo(next.points());
        assertThat(proposer.propose(observed, design.subList(3, 10), 0)).isEmpty();
        assertThatThrownBy(() -> proposer.propose(observed, List.of(), -1)).hasMessageContaining("count");
    }

    @Test
    void noProposalComesWithinTheRadiusOfAnExcludedFailure() {
        List<Observation> observed = new ArrayList<>();
        for (double x : new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}) {
            observed.add(Observation.of(Map.of("x", x), (x - 0.5) * (x - 0.5)));
        }
        observed.add(Observation.failed(Map.of("x", 0.5)));
        AdaptiveProposer proposer = new AdaptiveProposer(oneVariable(FailureMode.EXCLUDE, 1));
        // The design's single point first; then the model, which without the failure would go to 0.5.
        List<Map<String, Double>> pending = proposer.propose(observed, List.of(), 1);
        List<Map<String, Double>> proposed = proposer.propose(observed, pending, 6);
        assertThat(proposed).hasSize(6).allSatisfy(point -> assertThat(Math.abs(point.get("x") - 0.5))
                .isGreaterThanOrEqualTo(AdaptiveProposer.FAILURE_RADIUS));
    }

    @Test
    void aPenalisedFailureCountsAsTheWorstValueSoTheModelAvoidsIt() {
        List<Observation> observed = new ArrayList<>();
        for (double x : new double[] {0, 0.25, 0.5, 0.75, 1}) {
            observed.add(Observation.of(Map.of("x", x), Math.abs(x - 0.6)));
        }
        observed.add(Observation.failed(Map.of("x", 0.6)));
        AdaptiveProposer proposer = new AdaptiveProposer(oneVariable(FailureMode.PENALIZE, 1));
        List<Map<String, Double>> pending = proposer.propose(observed, List.of(), 1);
        double x = proposer.propose(observed, pending, 1).get(0).get("x");
        assertThat(Math.abs(x - 0.6)).isGreaterThan(0.02);
    }

    @Test
    void aMaximisedObjectiveIsClimbed() {
        AdaptiveSettings settings = new AdaptiveSettings(List.of(X), new Objective("y", Goal.MAXIMIZE),
                new InitialDesign(SamplingMethod.SOBOL, 1, 11), 1, Kernel.RBF, Acquisition.LCB, FailureMode.EXCLUDE);
        List<Observation> observed = new ArrayList<>();
        for (double x : new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}) {
            observed.add(Observation.of(Map.of("x", x), -(x - 0.3) * (x - 0.3)));
        }
        AdaptiveProposer proposer = new AdaptiveProposer(settings);
        List<Map<String, Double>> pending = proposer.propose(observed, List.of(), 1);
        assertThat(proposer.propose(observed, pending, 1).get(0).get("x")).isCloseTo(0.3, within(0.08));
    }

    @Test
    void logVariablesMapDecadesToEqualSteps() {
        Variable k = new Variable("k", 1e-3, 1e3, Scale.LOG);
        assertThat(k.toUnit(1)).isCloseTo(0.5, within(1e-12));
        assertThat(k.toUnit(1e-3)).isCloseTo(0, within(1e-12));
        assertThat(k.fromUnit(1.0 / 6)).isCloseTo(1e-2, within(1e-14));
        assertThat(k.fromUnit(1)).isEqualTo(1e3);
        Variable linear = new Variable("t", -5, 10, Scale.LINEAR);
        assertThat(linear.fromUnit(0.2)).isCloseTo(-2, within(1e-12));
        assertThatThrownBy(() -> new Variable("k", 0, 1, Scale.LOG)).hasMessageContaining("'k'");

        AdaptiveSettings settings = new AdaptiveSettings(List.of(k), new Objective("y", Goal.EXPLORE),
                new InitialDesign(SamplingMethod.HALTON, 4, 1), 1, Kernel.RBF, Acquisition.EI, FailureMode.EXCLUDE);
        AdaptiveProposer proposer = new AdaptiveProposer(settings);
        List<Observation> observed = proposer.propose(List.of(), List.of(), 4).stream()
                .map(p -> Observation.of(p, Math.log10(p.get("k")))).toList();
        // Exploring a log variable: the next point lies in the widest gap in log space, in range.
        double next = proposer.propose(observed, List.of(), 1).get(0).get("k");
        assertThat(next).isBetween(1e-3, 1e3);
        List<Double> logs = observed.stream().map(o -> k.toUnit(o.point().get("k"))).toList();
        assertThat(logs).allSatisfy(u -> assertThat(Math.abs(u - k.toUnit(next))).isGreaterThan(0.05));
    }
}
