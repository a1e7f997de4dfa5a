package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        StudyState state = lockedState(connection, studyId);
        if (state != StudyState.DRY_RUN) {
            throw new GrowthRefused(GrowthRefused.Reason.STATE, state, "study '" + studyId + "' is " + state
                    + ", not DRY_RUN; only a dry run (POST /studies?dryRun=true) is started"
                    + (state == StudyState.CANCELLED ? "; resume it instead (POST /studies/" + studyId + "/resume)"
                    : ""));
        }
        setState(connection, studyId, StudyState.ACTIVE);
    }

    /**
     * Sends every CANCELLED, FAILED and TIMED_OUT run of the study back to PENDING (a new attempt at its next
     * dispatch, with the study's retries and crash limit counted afresh) and makes the study ACTIVE. A study
     * without such runs is left as it is.
     *
     * @return how many runs were resumed
     * @throws GrowthRefused when the study is a dry run (it is started, not resumed) or does not exist
     */
    public static int resume(Connection connection, String studyId, Instant now) throws SQLException {
        StudyState state = lockedState(connection, studyId);
        if (state == StudyState.DRY_RUN) {
            throw new GrowthRefused(GrowthRefused.Reason.STATE, state, "study '" + studyId + "' is a dry run; "
                    + "nothing of it has run yet. Start it instead (POST /studies/" + studyId + "/start)");
        }
        List<RunState> resumable = new ArrayList<>(RunState.RESUMABLE);
        String sql = "UPDATE " + Tables.RUN + " SET state = 'PENDING', failure_count = 0, lost_count = 0,"
                + " lease_deadline = NULL, not_before = NULL, agent_id = NULL, host = NULL, exit_code = NULL,"
                + " error = NULL, started_at = NULL, ended_at = NULL, updated_at = ?"
                + " WHERE study_id = ? AND state IN (" + Jdbc.placeholders(resumable.size()) + ")";
        int resumed;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setInstant(statement, 1, now);
            statement.setString(2, studyId);
            for (int i = 0; i < resumable.size(); i++) {
                statement.setString(3 + i, resumable.get(i).name());
            }
            resumed = statement.executeUpdate();
        }
        if (resumed > 0) {
            setState(connection, studyId, StudyState.ACTIVE);
        }
        return resumed;
    }

    private static StudyState lockedState(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT state FROM " + Tables.STUDY + " WHERE id = ? FOR UPDATE";
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
