package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StageRun;
import io.runfleet.scheduler.persistence.StageRunWriter;
import io.runfleet.scheduler.persistence.StoredJson;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.wire.RunCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes the runs of the next stage for runs that just SUCCEEDED, in the caller's transaction: the one that applies
 * their results, so that a study never looks finished while runs of a later stage are due (docs/study-format.md,
 * "Stages"). Parameters are read only for parents whose study has a next stage.
 */
@ApplicationScoped
public class NextStageRuns {

    private static final Logger LOG = Logger.getLogger(NextStageRuns.class);

    private final StudyCache studies;

    public NextStageRuns(StudyCache studies) {
        this.studies = studies;
    }

    /**
     * @param parents runs that just SUCCEEDED, with the result that says so (its outputs)
     * @return whether any run of a later stage was made
     */
    public boolean make(Connection connection, Map<RunRow, RunCompleted> parents, Instant now)
            throws SQLException {
        Map<RunRow, StoredStudy> withNextStage = new LinkedHashMap<>();
        for (RunRow parent : parents.keySet()) {
            Optional<StoredStudy> study = studies.get(connection, parent.studyId());
            if (study.isPresent() && study.get().after(parent.stageIndex()).isPresent()) {
                withNextStage.put(parent, study.get());
            }
        }
        if (withNextStage.isEmpty()) {
            return false;
        }
        Map<String, String> params = RunStore.params(connection,
                withNextStage.keySet().stream().map(RunRow::id).toList());
        List<StageRun> made = new ArrayList<>();
        for (Map.Entry<RunRow, StoredStudy> entry : withNextStage.entrySet()) {
            RunRow parent = entry.getKey();
            Map<String, Object> parentParams = StoredJson.parameters(params.get(parent.id()), parent.ref().toString());
            made.addAll(StageRuns.of(entry.getValue(), parent, parentParams, parents.get(parent).outputs()));
        }
        long inserted = StageRunWriter.insert(connection, made, now);
        LOG.debugf("%d runs of later stages made from %d succeeded runs", inserted, withNextStage.size());
        return inserted > 0;
    }
}
