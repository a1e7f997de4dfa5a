package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.study.Launch;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whom an allocation serves: a named pool of the scheduler's configuration, whose agents take the runs of every study
 * of the pool, or a study's own section ({@code launch: {slurm: ...}}), a pool of one study named {@code study-<id>}.
 *
 * @param name    the pool's name, as the agents and the runs carry it
 * @param studyId the study of a study's own pool; empty for a named pool
 */
record AllocationPool(String name, Optional<String> studyId) {

    static AllocationPool ofStudy(String studyId) {
        return new AllocationPool(Launch.poolOf(studyId), Optional.of(studyId));
    }

    static AllocationPool named(String name) {
        return new AllocationPool(name, Optional.empty());
    }

    /** The pool a study's runs go to: its named pool, else its own. */
    static AllocationPool of(String studyId, Launch.Slurm spec) {
        return spec.pool().map(AllocationPool::named).orElseGet(() -> ofStudy(studyId));
    }

    /** What starts its agents' ids and names its files: the study id, or the pool's name. */
    String label() {
        return studyId.orElse(name);
    }

    /** The pool as a log line or an explanation names it. */
    String describe() {
        return studyId.map(id -> "study " + id).orElse("pool " + name);
    }

    /** How its pause is lifted, for explanations. */
    String resumeHint() {
        return studyId.map(id -> "POST /studies/" + id + "/launch/resume (runfleet alloc resume " + id + ")")
                .orElse("POST /pools/" + name + "/resume (runfleet alloc resume " + name + ")");
    }

    /** Where its batch scripts and its allocations' output go: {@code launch/slurm/<study>} or {@code pool-<name>}. */
    Path dir(LaunchPaths paths) {
        return paths.dataDir().resolve("launch").resolve("slurm").resolve(studyId.orElse("pool-" + name));
    }
}
