package io.runfleet.scheduler.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Fails the studies whose stored rows could not be read ({@link StudyCache}), in a loop transaction of their own:
 * the study becomes FAILED with the reason (shown by GET /studies/{id}), its unfinished runs CANCELLED, and agents
 * are told to stop those they execute. The transaction that met the damage went on without that study, so one
 * unreadable row never holds back the others.
 */
@ApplicationScoped
public class StudyFailures {

    private final StudyCache studies;
    private final Canceller canceller;

    public StudyFailures(StudyCache studies, Canceller canceller) {
        this.studies = studies;
        this.canceller = canceller;
    }

    /** Whether a study waits to be failed. */
    public boolean pending() {
        return studies.hasUnreadable();
    }

    /** @return whether any study failed */
    public boolean failPending(Connection connection, Instant now) throws SQLException {
        boolean failed = false;
        for (Map.Entry<String, String> study : studies.takeUnreadable().entrySet()) {
            failed |= canceller.fail(connection, study.getKey(), study.getValue(), now);
        }
        return failed;
    }
}
