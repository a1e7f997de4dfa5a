package io.runfleet.scheduler.sampling.adaptive;

/** What the sampler does with an objective's values. */
public enum Goal {
    MINIMIZE,
    MAXIMIZE,
    /** No optimum is sought: the sampler places points where the model knows least (maximum posterior variance). */
    EXPLORE
}
