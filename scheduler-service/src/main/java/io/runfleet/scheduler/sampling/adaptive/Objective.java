package io.runfleet.scheduler.sampling.adaptive;

/** The output the sampler models, and whether it looks for its minimum, its maximum or just explores. */
public record Objective(String name, Goal goal) {

    public Objective {
        if (name == null || name.isBlank() || goal == null) {
            throw new IllegalArgumentException("an objective needs a name and a goal (minimize, maximize, explore)");
        }
    }

    /** The value as the model sees it: always minimised, so a maximised objective is negated. */
    double internal(double value) {
        return goal == Goal.MAXIMIZE ? -value : value;
    }
}
