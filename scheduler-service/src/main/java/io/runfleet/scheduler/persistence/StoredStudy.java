package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Launch;
import io.runfleet.scheduler.study.Policy;
import io.runfleet.scheduler.study.Stage;
import io.runfleet.wire.RunSpec;
import io.runfleet.wire.Stages;
import java.util.List;
import java.util.Optional;

/**
 * What the dispatcher and the appliers need of a study: the run spec and policy of stage 0 and its later stages.
 * {@code policy().maxParallel()} is the limit of the whole study. {@code launch} is its launch section, if any;
 * its runs then go only to the agents of its {@link #pool()}.
 */
public record StoredStudy(String id, RunSpec spec, Policy policy, StudyState state, List<Stage> stages,
                          Optional<Launch> launch) {

    public StoredStudy {
        stages = stages == null ? List.of() : List.copyOf(stages);
        launch = launch == null ? Optional.empty() : launch;
    }

    /** A study without a launch section. */
    public StoredStudy(String id, RunSpec spec, Policy policy, StudyState state, List<Stage> stages) {
        this(id, spec, policy, state, stages, Optional.empty());
    }

    /**
     * The pool its runs go to (only agents of that pool take them): the named pool of {@code launch: {pool: NAME}},
     * else the study's own {@code study-<id>}; empty for agents without a pool.
     */
    public Optional<String> pool() {
        return launch.map(section -> section instanceof Launch.Slurm slurm && slurm.pool().isPresent()
                ? slurm.pool().get() : Launch.poolOf(id));
    }

    /** The spec of a run of stage {@code index}. */
    public RunSpec spec(int index) {
        return index == 0 ? spec : stage(index).spec();
    }

    /** The retries, backoff and crash limit of a run of stage {@code index}. */
    public Policy policy(int index) {
        return index == 0 ? policy : stage(index).policy();
    }

    public String stageName(int index) {
        return index == 0 ? Stages.FIRST : stage(index).name();
    }

    /** The stage whose runs a SUCCEEDED run of stage {@code index} makes; empty after the last. */
    public Optional<Stage> after(int index) {
        return index < stages.size() ? Optional.of(stages.get(index)) : Optional.empty();
    }

    private Stage stage(int index) {
        if (index < 1 || index > stages.size()) {
            throw new IllegalStateException("study " + id + " has no stage " + index + "; it has "
                    + (stages.size() + 1) + " stages");
        }
        return stages.get(index - 1);
    }
}
