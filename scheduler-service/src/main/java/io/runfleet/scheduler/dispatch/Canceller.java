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
 * are told to stop the runs they were executing. A study the scheduler fails ends the same way, with its reason.
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
        stopRuns(connection, studyId, null, CancelReasons.STUDY, now);
        return true;
    }

    /**
     * Fails a study the scheduler cannot go on with: FAILED with the reason, its unfinished runs CANCELLED with
     * the reason as their error, agents told to stop them.
     *
     * @return whether the study was ACTIVE (or a dry run) and is now FAILED
     */
    public boolean fail(Connection connection, String studyId, String reason, Instant now) throws SQLException {
        if (!StudyStore.fail(connection, studyId, reason, now)) {
            return false;
        }
        stopRuns(connection, studyId, CancelReasons.studyFailed(reason), CancelReasons.studyFailed(reason), now);
        LOG.errorf("Study(id=%s) FAILED: %s", studyId, reason);
        return true;
    }

    private void stopRuns(Connection connection, String studyId, String runError, String broadcastReason,
                          Instant now) throws SQLException {
        // read before the move: afterwards they are CANCELLED like the runs no agent had
        List<RunRef> onAgents = InFlightRuns.ofStudy(connection, studyId);
        int cancelled = RunStore.moveAll(connection, studyId, RunState.CANCELLED, runError, now);
        studies.forget(studyId);
        broadcaster.afterCommit(onAgents, broadcastReason);
        LOG.infof("Study(id=%s) ended (%s) with %d unfinished runs, %d of them on agents", studyId,
                broadcastReason, cancelled, onAgents.size());
    }
}
