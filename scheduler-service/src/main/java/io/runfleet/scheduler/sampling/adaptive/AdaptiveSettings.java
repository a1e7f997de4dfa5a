package io.runfleet.scheduler.sampling.adaptive;

import java.util.HashSet;
import java.util.List;

/**
 * Everything the adaptive sampler needs to know about a study, already validated by the study parser; the checks here
 * only refuse what the model cannot work with.
 *
 * @param inFlight how many runs the scheduler keeps pending at once (informative here: the caller passes the pending
 *     points to {@link AdaptiveProposer#propose})
 */
public record AdaptiveSettings(List<Variable> variables, Objective objective, InitialDesign initialDesign,
        int inFlight, Kernel kernel, Acquisition acquisition, FailureMode failures) {

    public AdaptiveSettings {
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("variables: the adaptive sampler needs at least one variable");
        }
        if (new HashSet<>(variables.stream().map(Variable::name).toList()).size() != variables.size()) {
            throw new IllegalArgumentException("variables: names must be distinct");
        }
        if (objective == null || initialDesign == null || kernel == null || acquisition == null || failures == null) {
            throw new IllegalArgumentException("objective, initialDesign, kernel, acquisition and failures are required");
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
        }
    }

    /** The acquisition actually used: an objective to explore ignores the configured one and maximises variance. */
    Acquisition effectiveAcquisition() {
        return objective.goal() == Goal.EXPLORE ? Acquisition.VARIANCE : acquisition;
    }
}
