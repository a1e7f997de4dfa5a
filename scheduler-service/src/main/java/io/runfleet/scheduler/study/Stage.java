package io.runfleet.scheduler.study;

import java.util.List;
import java.util.Map;

/**
 * A validated later stage (index 1 and up; stage 0 is the study's own parameters and template). Stored with the
 * study as JSON, so that the scheduler loop can make a stage's runs when a run of the stage before succeeds.
 *
 * @param index  the stage's position: 1 for the first entry of {@code stages}
 * @param name   unique within the study; never {@link io.runfleet.wire.Stages#FIRST}
 * @param policy retries, backoff and crash limit of the stage's runs; {@code maxParallel} is the study's
 * @param uses   the outputs of a parent run that this stage needs; a parent without one of them gets FAILED children
 * @param points the stage's own points, expanded (one empty point when the stage has no parameters)
 */
public record Stage(int index, String name, io.runfleet.wire.RunSpec spec, Policy policy, List<String> uses,
                    List<Map<String, Object>> points) {

    public Stage {
        uses = uses == null ? List.of() : List.copyOf(uses);
        points = points == null ? List.of(Map.of()) : points;
    }
}
