package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Set-wise moves of one study's runs, a slice at a time. Cancelling or resuming a million runs in one statement holds
 * the scheduler loop for tens of seconds; the loop moves at most a slice per transaction instead and serves the other
 * studies between slices. A slice is the runs with the lowest seqs among those to move. Callers hold the transaction.
 */
public final class RunSlices {

    /** Runs an agent may hold: a cancel moves them at once, since it tells the agents after its commit. */
    public static final Set<RunState> IN_FLIGHT =
            Collections.unmodifiableSet(EnumSet.of(RunState.DISPATCHED, RunState.RUNNING));
    /** Runs no agent holds yet. */
    public static final Set<RunState> WAITING =
            Collections.unmodifiableSet(EnumSet.of(RunState.PENDING, RunState.RETRYING));

    /**
     * What a slice moved.
     *
     * @param count   runs moved
     * @param lastSeq the highest seq among them; the seq the slice started after when none was moved
     */
    public record Slice(int count, long lastSeq) {
    }

    private RunSlices() {
    }

    /**
     * Moves up to {@code limit} runs of the study from {@code sources} to {@code target} (a final state), lowest seqs
     * first.
     *
     * @param error the reason to store on each run moved; null leaves each run's error as it is
     * @return the runs moved; fewer than {@code limit} means none is left
     */
    public static int end(Connection connection, String studyId, Set<RunState> sources, RunState target,
                          String error, Instant now, int limit) throws SQLException {
        if (!RunState.sourcesOf(target).containsAll(sources)) {
            throw new IllegalArgumentException("runs in " + sources + " cannot all go to " + target);
        }
        List<RunState> from = new ArrayList<>(sources);
        Long last = sliceEnd(connection, studyId, from, -1, limit);
        if (last == null) {
            return 0;
        }
        String sql = "UPDATE " + Tables.RUN + " SET state = ?, lease_deadline = NULL, ended_at = ?, updated_at = ?,"
                + " error = COALESCE(?, error) WHERE study_id = ? AND seq <= ? AND state IN ("
                + Jdbc.placeholders(from.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, target.name());
            Jdbc.setInstant(statement, 2, now);
            Jdbc.setInstant(statement, 3, now);
            statement.setString(4, error);
            statement.setString(5, studyId);
            statement.setLong(6, last);
            setStates(statement, 7, from);
            return statement.executeUpdate();
        }
    }

    /**
     * Sends up to {@code limit} CANCELLED, FAILED or TIMED_OUT runs with seqs after {@code afterSeq} back to PENDING
     * (a new attempt at their next dispatch, retry and crash counters afresh), lowest seqs first.
     */
    public static Slice resume(Connection connection, String studyId, long afterSeq, Instant now, int limit)
            throws SQLException {
        List<RunState> resumable = new ArrayList<>(RunState.RESUMABLE);
        Long last = sliceEnd(connection, studyId, resumable, afterSeq, limit);
        if (last == null) {
            return new Slice(0, afterSeq);
        }
        String sql = "UPDATE " + Tables.RUN + " SET state = 'PENDING', failure_count = 0, lost_count = 0,"
                + " lease_deadline = NULL, not_before = NULL, agent_id = NULL, host = NULL, exit_code = NULL,"
                + " error = NULL, started_at = NULL, ended_at = NULL, updated_at = ?"
                + " WHERE study_id = ? AND seq > ? AND seq <= ? AND state IN ("
                + Jdbc.placeholders(resumable.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.setInstant(statement, 1, now);
            statement.setString(2, studyId);
            statement.setLong(3, afterSeq);
            statement.setLong(4, last);
            setStates(statement, 5, resumable);
            return new Slice(statement.executeUpdate(), last);
        }
    }

    /** How many runs of the study with seqs after {@code afterSeq} are in one of {@code states}. */
    public static long count(Connection connection, String studyId, Set<RunState> states, long afterSeq)
            throws SQLException {
        List<RunState> in = new ArrayList<>(states);
        String sql = "SELECT COUNT(*) FROM " + Tables.RUN + " WHERE study_id = ? AND seq > ? AND state IN ("
                + Jdbc.placeholders(in.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setLong(2, afterSeq);
            setStates(statement, 3, in);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The highest seq of the slice: the first {@code limit} runs in {@code states} after {@code afterSeq}. */
    private static Long sliceEnd(Connection connection, String studyId, List<RunState> states, long afterSeq,
                                 int limit) throws SQLException {
        String sql = "SELECT MAX(seq) FROM (SELECT seq FROM " + Tables.RUN + " WHERE study_id = ? AND seq > ?"
                + " AND state IN (" + Jdbc.placeholders(states.size()) + ") ORDER BY seq LIMIT ?) first_runs";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setLong(2, afterSeq);
            setStates(statement, 3, states);
            statement.setInt(3 + states.size(), limit);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long last = rows.getLong(1);
                return rows.wasNull() ? null : last;
            }
        }
    }

    private static void setStates(PreparedStatement statement, int first, List<RunState> states)
            throws SQLException {
        for (int i = 0; i < states.size(); i++) {
            statement.setString(first + i, states.get(i).name());
        }
    }
}
