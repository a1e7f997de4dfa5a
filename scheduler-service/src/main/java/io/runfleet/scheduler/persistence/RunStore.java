package io.runfleet.scheduler.persistence;

import io.runfleet.wire.RunRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain-JDBC access to runs for the hot paths (dispatch, group commits, sweeps): rows are read in sets and
 * written back in one JDBC batch. Callers hold the transaction.
 */
public final class RunStore {

    private static final int IN_LIST_CHUNK = 500;
    private static final String BOOKKEEPING = "id, study_id, seq, state, attempt, lost_count, failure_count, "
            + "preempted_count, drained_count, lease_deadline, not_before, agent_id, host, exit_code, error, "
            + "started_at, ended_at, stage_index, parent_run_id, handed_over_at, client_point_id, sampler_round";

    private RunStore() {
    }

    /** Runs by id; unknown ids are absent from the map. */
    public static Map<String, RunRow> byIds(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, RunRow> rows = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_CHUNK));
            String sql = "SELECT " + BOOKKEEPING + " FROM " + Tables.RUN + " WHERE id IN ("
                    + Jdbc.placeholders(chunk.size()) + ")";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
                for (RunRow row : read(statement, false)) {
                    rows.put(row.id(), row);
                }
            }
        }
        return rows;
    }

    /** The parameters (JSON) of runs by id: what the runs of a later stage start from. */
    public static Map<String, String> params(Connection connection, Collection<String> ids) throws SQLException {
        Map<String, String> params = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_CHUNK));
            String sql = "SELECT id, params FROM " + Tables.RUN + " WHERE id IN (" + Jdbc.placeholders(chunk.size())
                    + ")";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        params.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return params;
    }

    /** Runs of a study in {@code state}, ready now (not_before passed), in seq order, with their parameters. */
    public static List<RunRow> ready(Connection connection, String studyId, RunState state, Instant now, int limit)
            throws SQLException {
        String sql = "SELECT " + BOOKKEEPING + ", params, param_hash FROM " + Tables.RUN
                + " WHERE study_id = ? AND state = ? AND (not_before IS NULL OR not_before <= ?)"
                + " ORDER BY seq LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setString(2, state.name());
            Jdbc.setInstant(statement, 3, now);
            statement.setInt(4, limit);
            return read(statement, true);
        }
    }

    /** Every DISPATCHED or RUNNING run, with its parameters (what a restarted scheduler finds in flight). */
    public static List<RunRow> inFlight(Connection connection) throws SQLException {
        String sql = "SELECT " + BOOKKEEPING + ", params, param_hash FROM " + Tables.RUN
                + " WHERE state IN ('DISPATCHED', 'RUNNING') ORDER BY study_id, seq";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return read(statement, true);
        }
    }

    /** DISPATCHED or RUNNING runs whose lease ran out before {@code now}. */
    public static List<RunRow> expired(Connection connection, Instant now, int limit) throws SQLException {
        String sql = "SELECT " + BOOKKEEPING + " FROM " + Tables.RUN
                + " WHERE state IN ('DISPATCHED', 'RUNNING') AND lease_deadline < ? ORDER BY lease_deadline LIMIT ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setInstant(statement, 1, now);
            statement.setInt(2, limit);
            return read(statement, false);
        }
    }

    /** Runs DISPATCHED or RUNNING, per study. */
    public static Map<String, Integer> inFlightByStudy(Connection connection) throws SQLException {
        String sql = "SELECT study_id, COUNT(*) FROM " + Tables.RUN
                + " WHERE state IN ('DISPATCHED', 'RUNNING') GROUP BY study_id";
        Map<String, Integer> counts = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getInt(2));
            }
        }
        return counts;
    }

    /** Number of runs per state, per study; every state present with 0 when it has no runs. */
    public static Map<String, Map<RunState, Long>> countsByStudy(Connection connection, Collection<String> studyIds)
            throws SQLException {
        Map<String, Map<RunState, Long>> counts = new LinkedHashMap<>();
        for (String id : studyIds) {
            counts.put(id, noRuns());
        }
        List<String> all = new ArrayList<>(studyIds);
        for (int from = 0; from < all.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_CHUNK));
            String sql = "SELECT study_id, state, COUNT(*) FROM " + Tables.RUN + " WHERE study_id IN ("
                    + Jdbc.placeholders(chunk.size()) + ") GROUP BY study_id, state";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    statement.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.get(rows.getString(1)).put(RunState.valueOf(rows.getString(2)), rows.getLong(3));
                    }
                }
            }
        }
        return counts;
    }

    /** Every state with 0 runs, in the states' order: the start of a study's counts. */
    static Map<RunState, Long> noRuns() {
        Map<RunState, Long> perState = new LinkedHashMap<>();
        for (RunState state : RunState.values()) {
            perState.put(state, 0L);
        }
        return perState;
    }

    /**
     * Writes back every changed row in one JDBC batch. Only the scheduler loop changes runs, so the rows read at
     * the start of its transaction are still current here.
     *
     * @return the number of rows written
     */
    public static int update(Connection connection, Collection<RunRow> rows, Instant now) throws SQLException {
        String sql = "UPDATE " + Tables.RUN + " SET state = ?, attempt = ?, lost_count = ?, failure_count = ?,"
                + " preempted_count = ?, drained_count = ?, lease_deadline = ?, not_before = ?, agent_id = ?,"
                + " host = ?, exit_code = ?, error = ?, started_at = ?, ended_at = ?, updated_at = ?, handed_over_at = ?,"
                // a sampler run that ends awaits its sampler (false) from the same commit: fed exactly once
                + " sampler_fed = CASE WHEN sampler_round IS NULL THEN NULL WHEN ? THEN COALESCE(sampler_fed, FALSE)"
                + " ELSE NULL END WHERE id = ?";
        int written = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (RunRow row : rows) {
                if (!row.isDirty()) {
                    continue;
                }
                statement.setString(1, row.state().name());
                statement.setInt(2, row.attempt());
                statement.setInt(3, row.lostCount());
                statement.setInt(4, row.failureCount());
                statement.setInt(5, row.preemptedCount());
                statement.setInt(6, row.drainedCount());
                Jdbc.setInstant(statement, 7, row.leaseDeadline());
                Jdbc.setInstant(statement, 8, row.notBefore());
                statement.setString(9, row.agentId());
                statement.setString(10, row.host());
                Jdbc.setInteger(statement, 11, row.exitCode());
                statement.setString(12, row.error());
                Jdbc.setInstant(statement, 13, row.startedAt());
                Jdbc.setInstant(statement, 14, row.endedAt());
                Jdbc.setInstant(statement, 15, now);
                Jdbc.setInstant(statement, 16, row.handedOverAt());
                statement.setBoolean(17, row.state().isTerminal());
                statement.setString(18, row.id());
                statement.addBatch();
                written++;
            }
            if (written > 0) {
                statement.executeBatch();
            }
        }
        return written;
    }

    /**
     * Records that the transport took these attempts' requests, for runs still DISPATCHED at that attempt and not
     * yet marked; the claim lease starts with it unless {@code claimTimeout} is null (the transport keeps the
     * request until an agent claims it). One batch, no read: a claim that came first already moved the run on.
     *
     * @return the number of runs marked
     */
    public static int markHandedOver(Connection connection, Map<RunRef, Instant> handedOver, Duration claimTimeout,
            Instant now) throws SQLException {
        String sql = "UPDATE " + Tables.RUN + " SET handed_over_at = ?, lease_deadline = ?, updated_at = ?"
                + " WHERE id = ? AND attempt = ? AND state = 'DISPATCHED' AND handed_over_at IS NULL";
        int marked = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<RunRef, Instant> entry : handedOver.entrySet()) {
                Instant at = entry.getValue();
                Jdbc.setInstant(statement, 1, at);
                Jdbc.setInstant(statement, 2, claimTimeout == null ? null : at.plus(claimTimeout));
                Jdbc.setInstant(statement, 3, now);
                statement.setString(4, entry.getKey().runId());
                statement.setInt(5, entry.getKey().attempt());
                statement.addBatch();
            }
            if (!handedOver.isEmpty()) {
                for (int count : statement.executeBatch()) {
                    marked += Math.max(count, 0);
                }
            }
        }
        return marked;
    }

    private static List<RunRow> read(PreparedStatement statement, boolean withPayload) throws SQLException {
        List<RunRow> result = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                RunRow row = new RunRow(rows.getString("id"), rows.getString("study_id"), rows.getLong("seq"),
                        RunState.valueOf(rows.getString("state")), rows.getInt("attempt"));
                row.load(rows.getInt("lost_count"), rows.getInt("failure_count"),
                        Jdbc.getInstant(rows, "lease_deadline"), Jdbc.getInstant(rows, "not_before"),
                        rows.getString("agent_id"), rows.getString("host"), Jdbc.getInteger(rows, "exit_code"),
                        rows.getString("error"), Jdbc.getInstant(rows, "started_at"),
                        Jdbc.getInstant(rows, "ended_at"));
                row.stage(rows.getInt("stage_index"), rows.getString("parent_run_id"));
                row.handedOver(Jdbc.getInstant(rows, "handed_over_at"));
                row.interruptions(rows.getInt("preempted_count"), rows.getInt("drained_count"));
                row.sampler(rows.getString("client_point_id"), Jdbc.getInteger(rows, "sampler_round"));
                if (withPayload) {
                    row.payload(rows.getString("params"), rows.getString("param_hash"));
                }
                result.add(row);
            }
        }
        return result;
    }
}
