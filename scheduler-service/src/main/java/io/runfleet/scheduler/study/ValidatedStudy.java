package io.runfleet.scheduler.study;

import io.runfleet.wire.RunSpec;

import java.util.List;
import java.util.Optional;

/**
 * A study that passed validation: ready to be stored and expanded into runs.
 *
 * @param runCount the runs of stage 0, made at submission
 * @param stages   the later stages, whose runs are made as the runs before them succeed; empty for most studies
 * @param launch   the agents the scheduler starts for the study; empty: its runs go to the agents connected
 * @param sampler  the study's sampler loop; empty for a parameter study. A sampler study has no runs at submission
 *                 ({@code runCount} 0): the sampler makes them, with {@code space}'s constants merged in
 */
public record ValidatedStudy(String name, RunSpec spec, Policy policy, ParameterSpace space, long runCount,
                             List<Stage> stages, Optional<Launch> launch, Optional<SamplerSection> sampler) {

    public ValidatedStudy {
        stages = stages == null ? List.of() : List.copyOf(stages);
        launch = launch == null ? Optional.empty() : launch;
        sampler = sampler == null ? Optional.empty() : sampler;
    }

    /** A parameter study: its runs come from {@code space}. */
    public ValidatedStudy(String name, RunSpec spec, Policy policy, ParameterSpace space, long runCount,
                          List<Stage> stages, Optional<Launch> launch) {
        this(name, spec, policy, space, runCount, stages, launch, Optional.empty());
    }
}
