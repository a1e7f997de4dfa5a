package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A user's decisions about a whole study that change its state and its runs' states: starting a dry run and
 * resuming. They change runs, so they run on the scheduler loop, in its transaction.
 */
public final class StudyTransitions {

    private StudyTransitions() {
    }

    /**
     * Starts a dry run: DRY_RUN becomes ACTIVE and its runs are dispatched from now on.
     *
     * @throws GrowthRefused when the study is not a dry run (or does not exist)
     */
    public static void start(Connection connection, String studyId) throws SQLException {
        StudyState state = currentState(connection, studyId);
        if (state != StudyState.DRY_RUN) {
            throw new GrowthRefused(GrowthRefused.Reason.STATE, state, "study '" + studyId + "' is " + state
                    + ", not DRY_RUN; only a dry run (POST /studies?dryRun=true) is started"
                    + (state == StudyState.CANCELLED ? "; resume it instead (POST /studies/" + studyId + "/resume)"
                    : ""));
        }
        setState(connection, studyId, StudyState.ACTIVE);
    }

    /**
     * Sends the first {@code limit} CANCELLED, FAILED and TIMED_OUT runs of the study back to PENDING (a new attempt
     * at their next dispatch, with the study's retries and crash limit counted afresh) and makes the study ACTIVE;
     * the caller resumes the rest after the returned slice, a slice per loop round. A study without such runs is left
     * as it is.
     *
     * @throws GrowthRefused when the study is a dry run (it is started, not resumed) or does not exist
     */
    public static RunSlices.Slice resume(Connection connection, String studyId, Instant now, int limit)
            throws SQLException {
        StudyState state = currentState(connection, studyId);
        if (state == StudyState.DRY_RUN) {
            throw new GrowthRefused(GrowthRefused.Reason.STATE, state, "study '" + studyId + "' is a dry run; "
                    + "nothing of it has run yet. Start it instead (POST /studies/" + studyId + "/start)");
        }
        RunSlices.Slice resumed = RunSlices.resume(connection, studyId, -1, now, limit);
        if (resumed.count() > 0) {
            setState(connection, studyId, StudyState.ACTIVE);
        }
        return resumed;
    }

    /** A COMPLETED study that has runs to do again (the later slices of a resume) is ACTIVE again. */
    public static void reopen(Connection connection, String studyId) throws SQLException {
        String sql = "UPDATE " + Tables.STUDY + " SET state = 'ACTIVE', completed_at = NULL WHERE id = ?"
                + " AND state = 'COMPLETED'";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.executeUpdate();
        }
    }

    /**
     * Not locked: these run on the loop, the one writer of study states, and a lock here would wait for an extension
     * inserting runs of the study (whose foreign-key checks share the row). An extension checks the state again when
     * it commits.
     */
    private static StudyState currentState(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT state FROM " + Tables.STUDY + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new GrowthRefused(GrowthRefused.Reason.STATE, null, "no study with id '" + studyId
                            + "'; GET /studies lists the known ones");
                }
                return StudyState.valueOf(rows.getString(1));
            }
        }
    }

    private static void setState(Connection connection, String studyId, StudyState state) throws SQLException {
        // a resumed FAILED study is ACTIVE again: the reason it failed no longer applies
        String sql = "UPDATE " + Tables.STUDY + " SET state = ?, completed_at = NULL, error = NULL WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, state.name());
            statement.setString(2, studyId);
            statement.executeUpdate();
        }
    }
}
