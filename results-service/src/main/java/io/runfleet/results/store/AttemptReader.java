package io.runfleet.results.store;

import io.agroal.api.AgroalDataSource;
import io.runfleet.wire.RunOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Streams a study's attempts from the database to a consumer, row by row, so that exports of large
 * studies never hold the whole table in memory.
 */
@ApplicationScoped
public class AttemptReader {

    /** Rows fetched per round trip; PostgreSQL uses a cursor only inside a transaction with a fetch size. */
    private static final int FETCH_SIZE = 500;

    private static final String COLUMNS = "a.study_id, a.run_id, a.attempt, a.seq, a.params, a.param_hash,"
            + " a.outcome, a.exit_code, a.outputs, a.error, a.stderr_tail, a.agent_id, a.host, a.started_at,"
            + " a.ended_at, a.received_at, a.stage, a.parent_run_id, a.kept_files";

    // Every dispatch of a run is a new attempt, and the newest dispatch is the authoritative one
    // (docs/adr/0001): the table shows each run's highest attempt, the history keeps the others.
    private static final String LATEST_PER_RUN = "SELECT " + COLUMNS + " FROM results.attempt a"
            + " WHERE a.study_id = ? AND a.attempt = (SELECT MAX(b.attempt) FROM results.attempt b"
            + " WHERE b.run_id = a.run_id) ORDER BY a.seq, a.run_id";

    private static final String LATEST_PER_RUN_OF_STAGE = "SELECT " + COLUMNS + " FROM results.attempt a"
            + " WHERE a.study_id = ? AND a.stage = ? AND a.attempt = (SELECT MAX(b.attempt) FROM results.attempt b"
            + " WHERE b.run_id = a.run_id) ORDER BY a.seq, a.run_id";

    private static final String ALL_ATTEMPTS = "SELECT " + COLUMNS + " FROM results.attempt a"
            + " WHERE a.study_id = ? ORDER BY a.seq, a.run_id, a.attempt";

    /** Receives rows; may throw IOException when the client it writes to goes away. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(StoredAttempt attempt) throws IOException;
    }

    private final AgroalDataSource dataSource;
    /** Null for every stage; otherwise the results table holds this stage's runs only. */
    private final String stage;

    @Inject
    AttemptReader(AgroalDataSource dataSource) {
        this(dataSource, null);
    }

    private AttemptReader(AgroalDataSource dataSource, String stage) {
        this.dataSource = dataSource;
        this.stage = stage;
    }

    /**
     * A reader whose results table ({@link #forEachLatestAttempt}) holds the runs of one stage only
     * ({@code ?stage=NAME}); the attempt history stays whole.
     */
    public AttemptReader ofStage(String stageName) {
        return new AttemptReader(dataSource, stageName);
    }

    /** Each run's highest attempt, ordered by sequence number (of the reader's stage, if it has one). */
    public void forEachLatestAttempt(String studyId, RowConsumer consumer) throws IOException {
        if (stage == null) {
            stream(LATEST_PER_RUN, studyId, null, consumer);
        } else {
            stream(LATEST_PER_RUN_OF_STAGE, studyId, stage, consumer);
        }
    }

    /** Every attempt of every run, ordered by sequence number, then attempt. */
    public void forEachAttempt(String studyId, RowConsumer consumer) throws IOException {
        stream(ALL_ATTEMPTS, studyId, null, consumer);
    }

    /** @param stageName the second query parameter, when the query has one */
    private void stream(String sql, String studyId, String stageName, RowConsumer consumer) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(FETCH_SIZE);
                select.setString(1, studyId);
                if (stageName != null) {
                    select.setString(2, stageName);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        consumer.accept(read(rows));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("reading the attempts of study " + studyId + " failed: " + e.getMessage(), e);
        }
    }

    private static StoredAttempt read(ResultSet rows) throws SQLException {
        return new StoredAttempt(
                rows.getString("study_id"),
                rows.getString("run_id"),
                rows.getInt("attempt"),
                rows.getLong("seq"),
                JsonColumns.read(rows.getString("params")),
                rows.getString("param_hash"),
                RunOutcome.valueOf(rows.getString("outcome")),
                rows.getObject("exit_code", Integer.class),
                JsonColumns.read(rows.getString("outputs")),
                rows.getString("error"),
                rows.getString("stderr_tail"),
                rows.getString("agent_id"),
                rows.getString("host"),
                instant(rows, "started_at"),
                instant(rows, "ended_at"),
                instant(rows, "received_at"),
                rows.getString("stage"),
                rows.getString("parent_run_id"),
                JsonColumns.readKept(rows.getString("kept_files")));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
