package io.runfleet.scheduler.study;

import io.runfleet.wire.RunSpec;

/** A study that passed validation: ready to be stored and expanded into runs. */
public record ValidatedStudy(String name, RunSpec spec, Policy policy, ParameterSpace space, long runCount) {
}
