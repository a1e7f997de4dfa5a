package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Policy;
import io.runfleet.wire.RunSpec;

/** What the dispatcher and the appliers need of a study: its run spec and its policy. */
public record StoredStudy(String id, RunSpec spec, Policy policy, StudyState state) {
}
