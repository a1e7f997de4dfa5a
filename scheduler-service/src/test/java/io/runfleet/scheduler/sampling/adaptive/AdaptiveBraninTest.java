package io.runfleet.scheduler.sampling.adaptive;

import static io.runfleet.scheduler.sampling.adaptive.Campaign.BRANIN_MINIMUM;
import static org.assertj.core.api.Assertions.assertThat;

import io.runfleet.scheduler.sampling.LatinHypercubeSampler;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Locale;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The sampler finds Branin's minimum (0.397887 on [-5, 10] x [0, 15]) to 0.01 in few evaluations, one run at a time
 * and with four in flight, and beats Latin hypercube sampling of the same budget by a wide margin. Prints the
 * per-seed figures, so that CI logs show them.
 */
class AdaptiveBraninTest {

    private static final long[] SEEDS = LongStream.rangeClosed(1, 10).toArray();
    private static final double TOLERANCE = 0.01;

    @Test
    void oneInFlightReachesTheMinimumWithin40EvaluationsForNineSeedsInTen() {
        assertThat(seedsReachingTheMinimum(1, 40)).as("seeds within %s of the minimum after 40 evaluations", TOLERANCE)
                .isGreaterThanOrEqualTo(9);
    }

    @Test
    void fourInFlightReachTheMinimumWithin60EvaluationsForEightSeedsInTen() {
        assertThat(seedsReachingTheMinimum(4, 60)).as("seeds within %s of the minimum after 60 evaluations", TOLERANCE)
                .isGreaterThanOrEqualTo(8);
    }

    /**
     * Runs each seed until the stop rule's target (the minimum, within the tolerance) or the budget; asserts on the
     * way that no two points were ever pending at the same place.
     */
    private static int seedsReachingTheMinimum(int inFlight, int budget) {
        StopRule stop = new StopRule(Goal.MINIMIZE, OptionalDouble.of(BRANIN_MINIMUM), TOLERANCE, OptionalInt.empty());
        int reached = 0;
        for (long seed : SEEDS) {
            Campaign campaign = new Campaign(Campaign.braninSettings(seed, inFlight), Campaign::branin)
                    .run(budget, Optional.of(stop));
            int evaluations = campaign.evaluationsTo(BRANIN_MINIMUM, TOLERANCE);
            System.out.printf(Locale.ROOT, "Branin inFlight %d seed %2d: %s, best %.6f%s%n", inFlight, seed,
                    evaluations > 0 ? "within 0.01 after " + evaluations + " evaluations"
                            : "NOT within 0.01 after " + budget, campaign.best(),
                    inFlight > 1 ? String.format(Locale.ROOT, ", closest pending pair %.2e", campaign.closestPending)
                            : "");
            reached += evaluations > 0 ? 1 : 0;
            assertThat(campaign.closestPending).as("closest two pending points, seed %d", seed)
                    .isGreaterThanOrEqualTo(AdaptiveProposer.MIN_SEPARATION);
        }
        return reached;
    }

    @Test
    void atFortyEvaluationsTheMedianGapIsATenthOfLatinHypercubes() {
        double[] adaptive = new double[SEEDS.length];
        double[] lhs = new double[SEEDS.length];
        UnitCube cube = new UnitCube(Campaign.BRANIN_VARIABLES);
        for (int s = 0; s < SEEDS.length; s++) {
            adaptive[s] = new Campaign(Campaign.braninSettings(SEEDS[s], 1), Campaign::branin).run(40).best()
                    - BRANIN_MINIMUM;
            double[][] points = new LatinHypercubeSampler(2, 40, 40, SEEDS[s]).nextBatch();
            lhs[s] = Arrays.stream(points).mapToDouble(p -> Campaign.branin(cube.fromUnit(p))).min().orElseThrow()
                    - BRANIN_MINIMUM;
        }
        System.out.printf(Locale.ROOT, "Branin at 40 evaluations: median gap adaptive %.2e, lhs %.2e%n",
                median(adaptive), median(lhs));
        assertThat(median(adaptive)).isLessThanOrEqualTo(median(lhs) / 10);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
