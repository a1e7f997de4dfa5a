package io.runfleet.scheduler.sampling.adaptive;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * New points in variable units, and the hyperparameters of the model that chose them (empty while the initial design
 * is still being proposed): pass them to the next {@link AdaptiveProposer#propose} call as its warm start.
 */
public record Proposal(List<Map<String, Double>> points, Optional<Hyperparameters> hyperparameters) {

    public Proposal {
        points = List.copyOf(points);
    }
}
