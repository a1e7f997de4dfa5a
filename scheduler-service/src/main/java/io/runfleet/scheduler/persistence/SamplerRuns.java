package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of sampler loops: made from the points a sampler gives, told apart by their client's point ids, scored by
 * the objective's value. Callers hold the transaction; only the scheduler loop calls these.
 */
public final class SamplerRuns {

    private static final String UNFINISHED = "('PENDING', 'DISPATCHED', 'RUNNING', 'RETRYING')";

    private SamplerRuns() {
    }

    /** A run made for a client's point. */
    public record PointRun(String clientPointId, String runId, long seq, Map<String, Object> params) {
    }

    /** A point to make a run of: its parameters with the study's constants merged in. */
    public record NewPoint(String clientPointId, Map<String, Object> params) {
    }

    /**
     * How a sampler study's runs stand.
     *
     * @param created    every run made, cancelled ones too (what budget.maxRuns counts)
     * @param unfinished PENDING, DISPATCHED, RUNNING or RETRYING: the runs in flight for the sampler
     * @param done       SUCCEEDED with a usable objective value
     * @param failed     FAILED or TIMED_OUT, or SUCCEEDED without a usable objective value
     */
    public record Tally(long created, long unfinished, long done, long failed, long cancelled) {
    }

    /** The best run so far by the objective: the lowest value ({@code lowest}) or the highest. */
    public record Best(String runId, String clientPointId, Map<String, Object> params, double value) {
    }

    /** The runs of the study that the client's point ids name; ids without a run are absent. */
    public static Map<String, PointRun> byClientPointIds(Connection connection, String studyId,
                                                         Collection<String> clientPointIds) throws SQLException {
        Map<String, PointRun> runs = new LinkedHashMap<>();
        if (clientPointIds.isEmpty()) {
            return runs;
        }
        String sql = "SELECT client_point_id, id, seq, params FROM " + Tables.RUN + " WHERE study_id = ?"
                + " AND client_point_id IN (" + Jdbc.placeholders(clientPointIds.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            int index = 2;
            for (String id : clientPointIds) {
                statement.setString(index++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    runs.put(rows.getString(1), new PointRun(rows.getString(1), rows.getString(2), rows.getLong(3),
                            StoredJson.parameters(rows.getString(4), "run " + rows.getString(2))));
                }
            }
        }
        return runs;
    }

    /**
     * Appends a PENDING run per point, in order, as round {@code round} of the study's sampler, through the same
     * insert as an extension (seqs from the study's counter, the study's total raised with them).
     */
    public static List<PointRun> append(Connection connection, String studyId, List<NewPoint> points, int round,
                                        Instant now) throws SQLException {
        List<PointRun> made = new ArrayList<>();
        if (points.isEmpty()) {
            return made;
        }
        long first = SeqCounter.take(connection, studyId, points.size());
        try (RunInserter runs = new RunInserter(connection, studyId, first, now)) {
            for (NewPoint point : points) {
                runs.add(point.params(), 0);
            }
            runs.finish();
        }
        String mark = "UPDATE " + Tables.RUN + " SET client_point_id = ?, sampler_round = ? WHERE study_id = ?"
                + " AND seq = ?";
        try (PreparedStatement statement = connection.prepareStatement(mark)) {
            for (int i = 0; i < points.size(); i++) {
                statement.setString(1, points.get(i).clientPointId());
                statement.setInt(2, round);
                statement.setString(3, studyId);
                statement.setLong(4, first + i);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        String raise = "UPDATE " + Tables.STUDY + " SET total_runs = total_runs + ? WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(raise)) {
            statement.setLong(1, points.size());
            statement.setString(2, studyId);
            statement.executeUpdate();
        }
        // by seq, not by point id: the built-in sampler's points have none
        String read = "SELECT client_point_id, id, seq, params FROM " + Tables.RUN + " WHERE study_id = ?"
                + " AND seq >= ? AND seq < ? ORDER BY seq";
        try (PreparedStatement statement = connection.prepareStatement(read)) {
            statement.setString(1, studyId);
            statement.setLong(2, first);
            statement.setLong(3, first + points.size());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    made.add(new PointRun(rows.getString(1), rows.getString(2), rows.getLong(3),
                            StoredJson.parameters(rows.getString(4), "run " + rows.getString(2))));
                }
            }
        }
        return made;
    }

    /** The round after the study's last one; 0 for its first. */
    public static int nextRound(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT MAX(sampler_round) FROM " + Tables.RUN + " WHERE study_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                int last = rows.getInt(1);
                return rows.wasNull() ? 0 : last + 1;
            }
        }
    }

    public static Tally tally(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT COUNT(*),"
                + " SUM(CASE WHEN state IN " + UNFINISHED + " THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'SUCCEEDED' AND objective_value IS NOT NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state IN ('FAILED', 'TIMED_OUT')"
                + " OR (state = 'SUCCEEDED' AND objective_value IS NULL) THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'CANCELLED' THEN 1 ELSE 0 END)"
                + " FROM " + Tables.RUN + " WHERE study_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Tally(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5));
            }
        }
    }

    /** The SUCCEEDED run with the lowest ({@code lowest}) or highest objective value; the earliest among equals. */
    public static java.util.Optional<Best> best(Connection connection, String studyId, boolean lowest)
            throws SQLException {
        String sql = "SELECT id, client_point_id, params, objective_value FROM " + Tables.RUN + " WHERE study_id = ?"
                + " AND state = 'SUCCEEDED' AND objective_value IS NOT NULL ORDER BY objective_value "
                + (lowest ? "ASC" : "DESC") + ", seq LIMIT 1";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new Best(rows.getString(1), rows.getString(2),
                        StoredJson.parameters(rows.getString(3), "run " + rows.getString(1)), rows.getDouble(4)));
            }
        }
    }

    /**
     * Keeps the objective's value of a run whose result was just applied (null: the result has none usable), and
     * why a succeeded run counts as failed for the sampler ({@code note}, kept as the run's error).
     */
    public static void recordObjective(Connection connection, String runId, Double value, String note)
            throws SQLException {
        String sql = "UPDATE " + Tables.RUN + " SET objective_value = ?, error = COALESCE(?, error) WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (value == null) {
                statement.setNull(1, Types.DOUBLE);
            } else {
                statement.setDouble(1, value);
            }
            statement.setString(2, note);
            statement.setString(3, runId);
            statement.executeUpdate();
        }
    }

    /** Marks that a client asked to cancel these runs; not a state change, so any run may carry it. */
    public static void markCancelRequested(Connection connection, Collection<String> runIds) throws SQLException {
        String sql = "UPDATE " + Tables.RUN + " SET cancel_requested = TRUE WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String id : runIds) {
                statement.setString(1, id);
                statement.addBatch();
            }
            if (!runIds.isEmpty()) {
                statement.executeBatch();
            }
        }
    }

    /** The ids of the study's unfinished runs. */
    public static List<String> unfinishedIds(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT id FROM " + Tables.RUN + " WHERE study_id = ? AND state IN " + UNFINISHED
                + " ORDER BY seq";
        List<String> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** Which of {@code runIds} carry a client's cancel request. */
    public static java.util.Set<String> cancelRequested(Connection connection, Collection<String> runIds)
            throws SQLException {
        java.util.Set<String> marked = new java.util.HashSet<>();
        if (runIds.isEmpty()) {
            return marked;
        }
        String sql = "SELECT id FROM " + Tables.RUN + " WHERE cancel_requested AND id IN ("
                + Jdbc.placeholders(runIds.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (String id : runIds) {
                statement.setString(index++, id);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    marked.add(rows.getString(1));
                }
            }
        }
        return marked;
    }
}
