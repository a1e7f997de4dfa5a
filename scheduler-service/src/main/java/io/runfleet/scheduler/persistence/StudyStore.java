package io.runfleet.scheduler.persistence;

import io.runfleet.scheduler.study.Policy;
import io.runfleet.scheduler.study.Stage;
import io.runfleet.wire.RunSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Plain-JDBC access to studies for the scheduler loop. Callers hold the transaction. */
public final class StudyStore {


    private StudyStore() {
    }

    public static Optional<StoredStudy> find(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT id, spec, max_parallel, retries, backoff_millis, crash_limit, state, stages, launch FROM "
                + Tables.STUDY + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** Ids of ACTIVE studies, oldest first. */
    public static List<String> activeIds(Connection connection) throws SQLException {
        String sql = "SELECT id FROM " + Tables.STUDY + " WHERE state = 'ACTIVE' ORDER BY submitted_at";
        List<String> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /**
     * Marks every ACTIVE study without unfinished runs, and without an OPEN sampler, COMPLETED.
     *
     * @return the ids of the studies completed
     */
    public static List<String> completeFinished(Connection connection, Instant now) throws SQLException {
        String sql = "SELECT s.id, s.total_runs FROM " + Tables.STUDY + " s WHERE s.state = 'ACTIVE' AND NOT EXISTS"
                + " (SELECT 1 FROM " + Tables.RUN + " r WHERE r.study_id = s.id"
                + " AND r.state IN ('PENDING', 'DISPATCHED', 'RUNNING', 'RETRYING'))"
                + " AND NOT EXISTS (SELECT 1 FROM " + Tables.SAMPLER + " p WHERE p.study_id = s.id"
                + " AND p.state = 'OPEN')"; // an open sampler may still make runs
        List<String> candidates = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                candidates.add(rows.getString(1));
                totals.add(rows.getLong(2));
            }
        }
        List<String> finished = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (completeUnlessGrown(connection, candidates.get(i), totals.get(i), now)) {
                finished.add(candidates.get(i));
            }
        }
        return finished;
    }

    /**
     * Marks those of {@code studyIds} that are ACTIVE and have no unfinished run COMPLETED: the check for studies
     * whose runs just ended, one index probe per study.
     *
     * @return the ids of the studies completed
     */
    public static List<String> completeFinished(Connection connection, Collection<String> studyIds, Instant now)
            throws SQLException {
        List<String> finished = new ArrayList<>();
        String totalSql = "SELECT s.total_runs FROM " + Tables.STUDY + " s WHERE s.id = ? AND s.state = 'ACTIVE'"
                + " AND NOT EXISTS (SELECT 1 FROM " + Tables.SAMPLER + " p WHERE p.study_id = s.id"
                + " AND p.state = 'OPEN')"; // an open sampler may still make runs
        String sql = "SELECT 1 FROM " + Tables.RUN + " WHERE study_id = ?"
                + " AND state IN ('PENDING', 'DISPATCHED', 'RUNNING', 'RETRYING') LIMIT 1";
        try (PreparedStatement total = connection.prepareStatement(totalSql);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String id : studyIds) {
                total.setString(1, id);
                long totalRuns;
                try (ResultSet rows = total.executeQuery()) {
                    if (!rows.next()) {
                        continue;
                    }
                    totalRuns = rows.getLong(1);
                }
                statement.setString(1, id);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next() && completeUnlessGrown(connection, id, totalRuns, now)) {
                        finished.add(id);
                    }
                }
            }
        }
        return finished;
    }

    /**
     * Completes an ACTIVE study that still has {@code totalRuns} runs. An extension or repeat commits its new runs
     * and the higher total together, outside the scheduler loop: if it committed after the caller found no
     * unfinished run, the total differs and the study stays ACTIVE for its new runs.
     */
    private static boolean completeUnlessGrown(Connection connection, String studyId, long totalRuns, Instant now)
            throws SQLException {
        String sql = "UPDATE " + Tables.STUDY + " SET state = 'COMPLETED', completed_at = ?"
                + " WHERE id = ? AND state = 'ACTIVE' AND total_runs = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setInstant(statement, 1, now);
            statement.setString(2, studyId);
            statement.setLong(3, totalRuns);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Moves an ACTIVE study, or a dry run (cancelling discards it), to a final state; a study that already ended is
     * left alone.
     */
    public static boolean end(Connection connection, String studyId, StudyState state, Instant now) throws SQLException {
        String sql = "UPDATE " + Tables.STUDY + " SET state = ?, completed_at = ? WHERE id = ?"
                + " AND state IN ('ACTIVE', 'DRY_RUN')";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, state.name());
            Jdbc.setInstant(statement, 2, now);
            statement.setString(3, studyId);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Fails an ACTIVE study (or a dry run) that the scheduler cannot go on with, keeping the reason; a study that
     * already ended is left alone.
     */
    public static boolean fail(Connection connection, String studyId, String reason, Instant now)
            throws SQLException {
        String sql = "UPDATE " + Tables.STUDY + " SET state = 'FAILED', error = ?, completed_at = ? WHERE id = ?"
                + " AND state IN ('ACTIVE', 'DRY_RUN')";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, reason);
            Jdbc.setInstant(statement, 2, now);
            statement.setString(3, studyId);
            return statement.executeUpdate() == 1;
        }
    }

    /** The study's state; empty for an unknown study. */
    public static Optional<StudyState> state(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT state FROM " + Tables.STUDY + " WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(StudyState.valueOf(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /** A study that ended (CANCELLED or FAILED, with the reason) while runs of it still wait. */
    public record EndedStudy(String id, StudyState state, String error) {
    }

    /** Studies CANCELLED or FAILED with PENDING or RETRYING runs left: ended in slices that a restart cut short. */
    public static List<EndedStudy> endedWithWaitingRuns(Connection connection) throws SQLException {
        String sql = "SELECT s.id, s.state, s.error FROM " + Tables.STUDY + " s WHERE s.state IN ('CANCELLED', 'FAILED')"
                + " AND EXISTS (SELECT 1 FROM " + Tables.RUN + " r WHERE r.study_id = s.id"
                + " AND r.state IN ('PENDING', 'RETRYING'))";
        List<EndedStudy> ended = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ended.add(new EndedStudy(rows.getString(1), StudyState.valueOf(rows.getString(2)), rows.getString(3)));
            }
        }
        return ended;
    }

    private static StoredStudy read(ResultSet rows) throws SQLException {
        String id = rows.getString("id");
        RunSpec spec = StoredJson.spec(rows.getString("spec"), id);
        Policy policy = new Policy(rows.getInt("max_parallel"), rows.getInt("retries"),
                Duration.ofMillis(rows.getLong("backoff_millis")), rows.getInt("crash_limit"));
        List<Stage> stages = StoredJson.stages(rows.getString("stages"), id);
        return new StoredStudy(id, spec, policy, StudyState.valueOf(rows.getString("state")), stages,
                LaunchJson.read(rows.getString("launch"), id));
    }
}
