package io.runfleet.scheduler.sampling.adaptive;

import io.runfleet.scheduler.sampling.SplitMix64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Finds the unit-cube point with the highest acquisition score: scores {@link #RANDOM_CANDIDATES} seeded uniform
 * candidates and Gaussian perturbations of the best observed points (the optimum is usually near them, and uniform
 * candidates alone miss the last digits), then refines the best few by a bounded compass search. Candidates closer than
 * {@link AdaptiveProposer#MIN_SEPARATION} to an observed or pending point, or within the failure radius of an excluded
 * failure, are refused. The candidates are scored on every core: each score costs O(n^2) at n observations, and their
 * scoring is most of the time from a result to the next point. Scores are pure functions of the candidate, so the
 * choice does not depend on how the work was split.
 */
final class AcquisitionSearch {

    static final int RANDOM_CANDIDATES = 1000;
    /** Best observed points perturbed, and perturbations per point and scale. */
    private static final int ANCHORS = 5;
    private static final int PERTURBATIONS = 20;
    private static final double[] PERTURBATION_SCALES = {0.1, 0.01};
    private static final int REFINED = 3;
    private static final double FIRST_STEP = 0.02;
    private static final double LAST_STEP = 1e-5;
    /** Moves per refinement: a bound on its cost where the acquisition keeps rising along a ridge. */
    private static final int MAX_MOVES = 200;
    private static final double REFUSED = Double.NEGATIVE_INFINITY;
    /** Its own threads, so that scoring never waits behind other users of the common pool. */
    private static final ForkJoinPool SCORING = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("runfleet-acquisition-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            }, null, false);

    private final Acquisition acquisition;
    private final List<double[]> taken;
    private final List<double[]> excluded;
    private final double exclusionRadius;

    /**
     * @param taken observed and pending points: no candidate closer than MIN_SEPARATION (mutable: the caller adds each
     *     choice before the next)
     * @param excluded failed points to keep {@code exclusionRadius} away from
     */
    AcquisitionSearch(Acquisition acquisition, List<double[]> taken, List<double[]> excluded, double exclusionRadius) {
        this.acquisition = acquisition;
        this.taken = taken;
        this.excluded = excluded;
        this.exclusionRadius = exclusionRadius;
    }

    /**
     * @param anchors observed points, best first, to perturb
     * @return the best allowed point, or empty if every candidate was refused (the space is used up)
     */
    Optional<double[]> maximise(GaussianProcess model, List<double[]> anchors, SplitMix64 random) {
        int dimensions = model.hyperparameters().dimensions();
        double best = model.bestStandardised();
        List<double[]> candidates = new ArrayList<>();
        for (int c = 0; c < RANDOM_CANDIDATES; c++) {
            double[] point = new double[dimensions];
            for (int d = 0; d < dimensions; d++) {
                point[d] = random.nextOpenUnit();
            }
            candidates.add(point);
        }
        for (double[] anchor : anchors.subList(0, Math.min(ANCHORS, anchors.size()))) {
            for (double scale : PERTURBATION_SCALES) {
                for (int p = 0; p < PERTURBATIONS; p++) {
                    candidates.add(perturbed(anchor, scale, random));
                }
            }
        }
        List<Scored> scored = SCORING.submit(() -> candidates.parallelStream()
                .map(point -> new Scored(point, score(model, point, best)))
                .filter(candidate -> candidate.score() > REFUSED)
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .toList()).join();
        if (scored.isEmpty()) {
            return Optional.empty();
        }
        if (!(scored.get(0).score() > 0) && acquisition == Acquisition.EI) {
            // Expected improvement underflowed to 0 everywhere we looked: nothing to rank by, so explore instead.
            return new AcquisitionSearch(Acquisition.VARIANCE, taken, excluded, exclusionRadius)
                    .maximise(model, anchors, random);
        }
        Scored winner = scored.get(0);
        for (Scored start : scored.subList(0, Math.min(REFINED, scored.size()))) {
            Scored refined = refine(model, start, best);
            if (refined.score() > winner.score()) {
                winner = refined;
            }
        }
        return Optional.of(winner.point());
    }

    double score(GaussianProcess model, double[] point, double best) {
        if (UnitCube.near(point, taken, AdaptiveProposer.MIN_SEPARATION)
                || UnitCube.near(point, excluded, exclusionRadius)) {
            return REFUSED;
        }
        Prediction prediction = model.predictStandardised(point);
        return acquisition.score(prediction.mean(), prediction.variance(), best);
    }

    /** Compass search: try +-step along each axis, move on improvement, halve the step when none helps. */
    private Scored refine(GaussianProcess model, Scored start, double best) {
        double[] point = start.point().clone();
        double value = start.score();
        int moves = 0;
        for (double step = FIRST_STEP; step > LAST_STEP && moves < MAX_MOVES; moves++) {
            boolean moved = false;
            for (int d = 0; d < point.length && !moved; d++) {
                for (double sign : new double[] {1, -1}) {
                    double[] trial = point.clone();
                    trial[d] = Math.min(1, Math.max(0, trial[d] + sign * step));
                    double trialValue = score(model, trial, best);
                    if (trialValue > value) {
                        point = trial;
                        value = trialValue;
                        moved = true;
                        break;
                    }
                }
            }
            if (!moved) {
                step /= 2;
            }
        }
        return new Scored(point, value);
    }

    private static double[] perturbed(double[] anchor, double scale, SplitMix64 random) {
        double[] point = new double[anchor.length];
        for (int d = 0; d < point.length; d++) {
            // Box-Muller: one standard normal from two uniforms.
            double normal = Math.sqrt(-2 * Math.log(random.nextOpenUnit()))
                    * Math.cos(2 * Math.PI * random.nextOpenUnit());
            point[d] = Math.min(1, Math.max(0, anchor[d] + scale * normal));
        }
        return point;
    }

    private record Scored(double[] point, double score) {
    }
}
