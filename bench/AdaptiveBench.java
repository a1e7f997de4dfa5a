import io.runfleet.scheduler.sampling.SamplingMethod;
import io.runfleet.scheduler.sampling.SplitMix64;
import io.runfleet.scheduler.sampling.adaptive.Acquisition;
import io.runfleet.scheduler.sampling.adaptive.AdaptiveProposer;
import io.runfleet.scheduler.sampling.adaptive.AdaptiveSettings;
import io.runfleet.scheduler.sampling.adaptive.FailureMode;
import io.runfleet.scheduler.sampling.adaptive.Goal;
import io.runfleet.scheduler.sampling.adaptive.Hyperparameters;
import io.runfleet.scheduler.sampling.adaptive.InitialDesign;
import io.runfleet.scheduler.sampling.adaptive.Kernel;
import io.runfleet.scheduler.sampling.adaptive.Objective;
import io.runfleet.scheduler.sampling.adaptive.Observation;
import io.runfleet.scheduler.sampling.adaptive.Scale;
import io.runfleet.scheduler.sampling.adaptive.Variable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Adaptive sampler benchmark ({@code bench/run.sh adaptive [REPETITIONS]}, default 5): the time of one refit plus
 * propose(1) of io.runfleet.scheduler.sampling.adaptive.AdaptiveProposer with 10, 100 and 500 observations of a smooth
 * 2-D and 5-D function, from scratch (cold: default start and random restarts) and warm-started from the
 * hyperparameters of a cold fit on the same data (what the scheduler does between occasional cold fits), and reusing
 * them unchanged (what it does between refits, until the data has grown by a tenth: conditioning only). Prints the
 * median of the repetitions, in process, after one unmeasured warm-up call per case (JIT): wall-clock time and the
 * thread's CPU time (the sampler is single-threaded, so on a shared machine CPU time is the figure that does not depend
 * on the neighbours' load).
 */
public class AdaptiveBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "%-4s %5s %10s %10s %10s %10s %10s %10s   (median of %d, ms)%n", "dims", "n",
                "cold wall", "cold cpu", "warm wall", "warm cpu", "reuse wall", "reuse cpu", repetitions);
        for (int dimensions : new int[] {2, 5}) {
            for (int n : new int[] {10, 100, 500}) {
                measure(dimensions, n, repetitions);
            }
        }
    }

    private static void measure(int dimensions, int n, int repetitions) {
        List<Variable> variables = IntStream.range(0, dimensions)
                .mapToObj(d -> new Variable("x" + d, -1, 1, Scale.LINEAR)).toList();
        AdaptiveSettings settings = new AdaptiveSettings(variables, new Objective("f", Goal.MINIMIZE),
                new InitialDesign(SamplingMethod.SOBOL, 10, 1), 1, Kernel.MATERN52, Acquisition.EI,
                FailureMode.EXCLUDE);
        AdaptiveProposer proposer = new AdaptiveProposer(settings);
        List<Observation> observed = new ArrayList<>();
        for (Map<String, Double> point : proposer.propose(List.of(), List.of(), 10)) {
            observed.add(Observation.of(point, smooth(point)));
        }
        SplitMix64 random = new SplitMix64(42);
        while (observed.size() < n) {
            Map<String, Double> point = new LinkedHashMap<>();
            for (Variable variable : variables) {
                point.put(variable.name(), variable.fromUnit(random.nextOpenUnit()));
            }
            observed.add(Observation.of(point, smooth(point)));
        }
        Hyperparameters cold = proposer.propose(observed, List.of(), 1, Optional.empty()).hyperparameters()
                .orElseThrow();
        // fitted at no data: a warm start that searches (the data has grown since) from the cold fit's optimum
        Hyperparameters warm = new Hyperparameters(cold.logLengthScales(), cold.logSignalVariance(),
                cold.logNoiseVariance(), cold.coldFitSize(), 0);
        proposer.propose(observed, List.of(), 1, Optional.of(warm));
        proposer.propose(observed, List.of(), 1, Optional.of(cold));
        double[][] coldTimes = new double[2][repetitions];
        double[][] warmTimes = new double[2][repetitions];
        double[][] reuseTimes = new double[2][repetitions];
        for (int r = 0; r < repetitions; r++) {
            time(() -> proposer.propose(observed, List.of(), 1, Optional.empty()), coldTimes, r);
            time(() -> proposer.propose(observed, List.of(), 1, Optional.of(warm)), warmTimes, r);
            time(() -> proposer.propose(observed, List.of(), 1, Optional.of(cold)), reuseTimes, r);
        }
        System.out.printf(Locale.ROOT, "%-4d %5d %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", dimensions, n,
                median(coldTimes[0]), median(coldTimes[1]), median(warmTimes[0]), median(warmTimes[1]),
                median(reuseTimes[0]), median(reuseTimes[1]));
    }

    /** Stores the wall and CPU milliseconds of one call in times[0][r] and times[1][r]. */
    private static void time(Runnable call, double[][] times, int r) {
        long wall = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        call.run();
        times[1][r] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
        times[0][r] = (System.nanoTime() - wall) / 1e6;
    }

    /** Smooth, with one minimum inside the cube and some curvature along each axis. */
    private static double smooth(Map<String, Double> point) {
        double sum = 0;
        int d = 0;
        for (double x : point.values()) {
            sum += Math.sin(3 * x + d) + 0.5 * (x - 0.2) * (x - 0.2);
            d++;
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
