package io.runfleet.scheduler.launch.slurm;

import io.runfleet.scheduler.persistence.LaunchedStudies;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The demand of a pool: the sum of its active studies' demands, each against the pool's walltime less drainMargin. */
final class PoolDemand {

    private PoolDemand() {
    }

    static Demand of(Connection connection, List<String> studyIds, Duration longestRun) throws SQLException {
        int fitting = 0;
        int neverFit = 0;
        for (String studyId : studyIds) {
            Optional<StoredStudy> study = StudyStore.find(connection, studyId);
            if (study.isPresent()) {
                Demand demand = Demand.of(study.get(), LaunchedStudies.unfinishedByStage(connection, studyId),
                        longestRun);
                fitting += demand.fitting();
                neverFit += demand.neverFit();
            }
        }
        return new Demand(fitting, neverFit);
    }
}
