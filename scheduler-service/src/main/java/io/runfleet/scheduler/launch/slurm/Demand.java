package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.persistence.StoredStudy;
import java.time.Duration;
import java.util.Map;

/**
 * A study's unfinished runs split by whether their timeout fits an allocation (walltime less drainMargin). A run
 * without a timeout counts as fitting: its length is unknown, and the agents' deadline keeps it from starting late.
 */
record Demand(int fitting, int neverFit) {

    static Demand of(StoredStudy study, Map<Integer, Integer> unfinishedByStage, Duration longestRun) {
        int fitting = 0;
        int neverFit = 0;
        for (Map.Entry<Integer, Integer> stage : unfinishedByStage.entrySet()) {
            long timeout = study.spec(stage.getKey()).timeoutMillis();
            if (timeout > longestRun.toMillis()) {
                neverFit += stage.getValue();
            } else {
                fitting += stage.getValue();
            }
        }
        return new Demand(fitting, neverFit);
    }
}
