package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.SamplerHistory;
import io.runfleet.scheduler.sampling.SamplingMethod;
import io.runfleet.scheduler.sampling.adaptive.Acquisition;
import io.runfleet.scheduler.sampling.adaptive.AdaptiveProposer;
import io.runfleet.scheduler.sampling.adaptive.AdaptiveSettings;
import io.runfleet.scheduler.sampling.adaptive.FailureMode;
import io.runfleet.scheduler.sampling.adaptive.Goal;
import io.runfleet.scheduler.sampling.adaptive.InitialDesign;
import io.runfleet.scheduler.sampling.adaptive.Kernel;
import io.runfleet.scheduler.sampling.adaptive.Objective;
import io.runfleet.scheduler.sampling.adaptive.Observation;
import io.runfleet.scheduler.sampling.adaptive.Scale;
import io.runfleet.scheduler.sampling.adaptive.StopRule;
import io.runfleet.scheduler.sampling.adaptive.Variable;
import io.runfleet.scheduler.study.SamplerSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A study's {@code sampler} section as the adaptive library takes it, and its runs as observations: the one
 * translation between the study's validated section and {@code sampling.adaptive}.
 */
final class AdaptiveModel {

    private final SamplerSection section;
    /** Built once per study (its initial design computed with it): the loop asks for them on every result. */
    private final AdaptiveProposer proposer;
    private final StopRule stopRule;

    AdaptiveModel(SamplerSection section) {
        this.section = section;
        this.proposer = newProposer();
        this.stopRule = newStopRule();
    }

    AdaptiveProposer proposer() {
        return proposer;
    }

    /** Target and stagnation; the budget's limits are {@link SamplerStopRule}'s. */
    StopRule stopRule() {
        return stopRule;
    }

    private AdaptiveProposer newProposer() {
        List<Variable> variables = new ArrayList<>();
        section.variables().forEach((name, bounds) -> variables.add(new Variable(name, bounds.min(), bounds.max(),
                Scale.valueOf(bounds.scale().name()))));
        SamplerSection.InitialDesign design = section.initialDesign();
        return new AdaptiveProposer(new AdaptiveSettings(variables, objective(),
                new InitialDesign(SamplingMethod.valueOf(design.method().name()), design.count(), design.seed()),
                section.inFlight(), Kernel.valueOf(section.kernel().name()),
                Acquisition.valueOf(section.acquisition().name()), FailureMode.valueOf(section.failures().name())));
    }

    private StopRule newStopRule() {
        SamplerSection.Stop stop = section.stop();
        OptionalDouble target = stop == null || stop.targetValue() == null ? OptionalDouble.empty()
                : OptionalDouble.of(stop.targetValue());
        double tolerance = stop == null || stop.targetTolerance() == null ? 0 : stop.targetTolerance();
        OptionalInt stagnation = stop == null || stop.stagnationRuns() == null ? OptionalInt.empty()
                : OptionalInt.of(stop.stagnationRuns());
        return new StopRule(objective().goal(), target, tolerance, stagnation);
    }

    /** Finished runs as observations, in the order they finished: a value, or a failure. */
    List<Observation> observations(List<SamplerHistory.Entry> runs) {
        List<Observation> observed = new ArrayList<>();
        for (SamplerHistory.Entry run : runs) {
            if (run.finished()) {
                observed.add(run.failed() ? Observation.failed(point(run)) : Observation.of(point(run),
                        run.objectiveValue()));
            }
        }
        return observed;
    }

    /**
     * Points no new proposal may coincide with besides the observations: the runs in flight, and the cancelled ones
     * (a point its sampler gave up on is not proposed again).
     */
    List<Map<String, Double>> pending(List<SamplerHistory.Entry> runs) {
        return runs.stream().filter(run -> run.unfinished() || run.cancelled()).map(this::point).toList();
    }

    private Map<String, Double> point(SamplerHistory.Entry run) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (String name : section.variables().keySet()) {
            Object value = run.params().get(name);
            if (!(value instanceof Number number)) {
                throw new IllegalStateException("run " + run.runId() + " has no number for the sampler's variable '"
                        + name + "' (" + value + ")");
            }
            point.put(name, number.doubleValue());
        }
        return point;
    }

    private Objective objective() {
        return new Objective(section.objective().name(), Goal.valueOf(section.objective().goal().name()));
    }
}
