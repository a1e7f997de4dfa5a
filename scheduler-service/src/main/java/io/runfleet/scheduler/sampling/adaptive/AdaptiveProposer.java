package io.runfleet.scheduler.sampling.adaptive;

import io.runfleet.scheduler.sampling.SamplingMethod;
import io.runfleet.scheduler.sampling.SplitMix64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The adaptive sampler: proposes the next points of a study from the results so far. Stateless between calls: each
 * call gets every observation and every pending point, so a restarted scheduler resumes from its database alone.
 *
 * <p>First the initial design's points not yet observed or pending, in design order. Then, once at least
 * {@link #MIN_OBSERVATIONS} values are known, points chosen by the acquisition on a Gaussian process fitted to the
 * observations, with the pending points (and the points chosen earlier in the same call) added as "believed" at the
 * model's own mean so that no two pending points coincide.
 */
public final class AdaptiveProposer {

    /** Unit-cube distance below which two points count as the same: no proposal comes closer to a known one. */
    public static final double MIN_SEPARATION = 1e-6;
    /**
     * Unit-cube radius around a failed run (failures: exclude) in which nothing is proposed: 5 % of the range of each
     * variable, small enough to keep most of the space, large enough not to retry the same crash with a tiny nudge.
     */
    public static final double FAILURE_RADIUS = 0.05;
    /** A Gaussian process needs two distinct values to have a scale; before that the design sequence continues. */
    public static final int MIN_OBSERVATIONS = 2;
    /** Points a design identifies as its own: same as a known point within this unit-cube distance. */
    private static final double SAME_POINT = 1e-9;
    /** Further points of the sequence proposed when the design is spent but too few runs succeeded. */
    private static final int CONTINUATION = 1024;

    private final AdaptiveSettings settings;
    private final UnitCube cube;
    private final double[][] design;
    private final HyperparameterFit fit;

    public AdaptiveProposer(AdaptiveSettings settings) {
        this.settings = settings;
        this.cube = new UnitCube(settings.variables());
        InitialDesign initial = settings.initialDesign();
        this.design = initial.points(cube.dimensions(), initial.count());
        this.fit = new HyperparameterFit(settings.kernel());
    }

    /** {@link #propose(List, List, int, Optional)} without a warm start: the model is fitted from scratch. */
    public List<Map<String, Double>> propose(List<Observation> observed, List<Map<String, Double>> pending,
            int count) {
        return propose(observed, pending, count, Optional.empty()).points();
    }

    /**
     * @param observed every finished run of the study, failed ones with an empty value
     * @param pending points proposed earlier whose runs have not finished
     * @param count how many points to propose
     * @param warmStart the hyperparameters of the previous call's {@link Proposal}, to refit quickly from there
     * @return up to {@code count} new points (fewer only when the space near the known points is used up)
     */
    public Proposal propose(List<Observation> observed, List<Map<String, Double>> pending, int count,
            Optional<Hyperparameters> warmStart) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        List<double[]> taken = new ArrayList<>();
        observed.forEach(observation -> taken.add(cube.toUnit(observation.point())));
        List<double[]> believed = new ArrayList<>(pending.stream().map(cube::toUnit).toList());
        taken.addAll(believed);
        List<double[]> chosen = new ArrayList<>(unused(design, taken, count));
        taken.addAll(chosen);
        believed.addAll(chosen);
        Training training = Training.of(observed, cube, settings.objective(), settings.failures());
        Optional<Hyperparameters> hyperparameters = Optional.empty();
        if (chosen.size() < count && training.size() < MIN_OBSERVATIONS) {
            List<double[]> more = unused(continuation(), taken, count - chosen.size());
            chosen.addAll(more);
        } else if (chosen.size() < count) {
            long seed = settings.initialDesign().seed() + 1_000_003L * observed.size() + pending.size();
            Hyperparameters fitted = fit.fit(training.points(), training.values(), warmStart, seed);
            hyperparameters = Optional.of(fitted);
            GaussianProcess model = GaussianProcess.condition(settings.kernel(), fitted, training.points(),
                    training.values()).orElseThrow(() -> new IllegalStateException(
                            "the Gaussian process cannot be conditioned on the observations"));
            for (double[] point : believed) {
                model = model.withBelief(point);
            }
            AcquisitionSearch search = new AcquisitionSearch(settings.effectiveAcquisition(), taken,
                    training.excluded(), FAILURE_RADIUS);
            SplitMix64 random = new SplitMix64(seed);
            List<double[]> anchors = training.bestFirst();
            while (chosen.size() < count) {
                Optional<double[]> next = search.maximise(model, anchors, random);
                if (next.isEmpty()) {
                    break;
                }
                chosen.add(next.get());
                taken.add(next.get());
                model = model.withBelief(next.get());
            }
        }
        return new Proposal(chosen.stream().map(cube::fromUnit).toList(), hyperparameters);
    }

    private static List<double[]> unused(double[][] sequence, List<double[]> taken, int limit) {
        List<double[]> unused = new ArrayList<>();
        for (double[] point : sequence) {
            if (unused.size() == limit) {
                break;
            }
            if (!UnitCube.near(point, taken, SAME_POINT)) {
                unused.add(point);
            }
        }
        return unused;
    }

    /** Seeded uniform points after the design, for studies whose design runs mostly failed. */
    private double[][] continuation() {
        return SamplingMethod.RANDOM.create(cube.dimensions(), CONTINUATION, CONTINUATION,
                settings.initialDesign().seed() ^ 0x5DEECE66DL).nextBatch();
    }

    /** The observations as the model sees them: minimised values, failures penalised or set aside. */
    private record Training(double[][] points, double[] values, List<double[]> excluded) {

        static Training of(List<Observation> observed, UnitCube cube, Objective objective, FailureMode failures) {
            List<double[]> points = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            List<double[]> failed = new ArrayList<>();
            for (Observation observation : observed) {
                if (observation.failed()) {
                    failed.add(cube.toUnit(observation.point()));
                } else {
                    points.add(cube.toUnit(observation.point()));
                    values.add(objective.internal(observation.value().getAsDouble()));
                }
            }
            List<double[]> excluded = failed;
            if (failures == FailureMode.PENALIZE && !values.isEmpty()) {
                double worst = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                for (double[] point : failed) {
                    points.add(point);
                    values.add(worst);
                }
                excluded = List.of();
            }
            return new Training(points.toArray(double[][]::new),
                    values.stream().mapToDouble(Double::doubleValue).toArray(), excluded);
        }

        int size() {
            return points.length;
        }

        List<double[]> bestFirst() {
            return IntStream.range(0, points.length).boxed()
                    .sorted(Comparator.comparingDouble(i -> values[i]))
                    .map(i -> points[i]).toList();
        }
    }
}
