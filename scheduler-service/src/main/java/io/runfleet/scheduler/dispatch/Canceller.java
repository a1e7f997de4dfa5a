package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.InFlightRuns;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Cancels a study: its unfinished runs become CANCELLED and the study CANCELLED; once that has committed, the agents
 * are told to stop the runs they were executing.
 */
@ApplicationScoped
public class Canceller {

    private static final Logger LOG = Logger.getLogger(Canceller.class);

    private final StudyCache studies;
    private final CancelBroadcaster broadcaster;

    public Canceller(StudyCache studies, CancelBroadcaster broadcaster) {
        this.studies = studies;
        this.broadcaster = broadcaster;
    }

    /** @return whether the study was ACTIVE and is now CANCELLED */
    public boolean cancel(Connection connection, String studyId, Instant now) throws SQLException {
        if (!StudyStore.end(connection, studyId, StudyState.CANCELLED, now)) {
            return false;
        }
        // read before the move: afterwards they are CANCELLED like the runs no agent had
        List<RunRef> onAgents = InFlightRuns.ofStudy(connection, studyId);
        int cancelled = RunStore.moveAll(connection, studyId, RunState.CANCELLED, now);
        studies.forget(studyId);
        broadcaster.afterCommit(onAgents, CancelReasons.STUDY);
        LOG.infof("Study(id=%s) cancelled with %d unfinished runs, %d of them on agents", studyId, cancelled,
                onAgents.size());
        return true;
    }
}
