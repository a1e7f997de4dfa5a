package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Cancels a study: its unfinished runs become CANCELLED and the study CANCELLED. */
@ApplicationScoped
public class Canceller {

    private static final Logger LOG = Logger.getLogger(Canceller.class);

    private final StudyCache studies;

    public Canceller(StudyCache studies) {
        this.studies = studies;
    }

    /** @return whether the study was ACTIVE and is now CANCELLED */
    public boolean cancel(Connection connection, String studyId, Instant now) throws SQLException {
        if (!StudyStore.end(connection, studyId, StudyState.CANCELLED, now)) {
            return false;
        }
        int cancelled = RunStore.moveAll(connection, studyId, RunState.CANCELLED, now);
        studies.forget(studyId);
        LOG.infof("Study(id=%s) cancelled with %d unfinished runs", studyId, cancelled);
        return true;
    }
}
