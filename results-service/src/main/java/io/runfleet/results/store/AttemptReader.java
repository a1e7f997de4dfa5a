package io.runfleet.results.store;

import io.agroal.api.AgroalDataSource;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.SamplerPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a study's attempts from the database to a consumer, page by page, so that exports of large
 * studies never hold the whole table in memory, and a slow download never holds a pooled connection: each page is
 * read on a connection that goes back to the pool before its rows are written to the client. A download that took
 * its connection for the whole transfer would let 16 slow clients (the pool's size) stall result ingest.
 */
@ApplicationScoped
public class AttemptReader {

    /** Rows per page: one short query each, and a page of rows is all an export holds. */
    private static final int PAGE_ROWS = 500;

    private static final String COLUMNS = "a.study_id, a.run_id, a.attempt, a.seq, a.params, a.param_hash,"
            + " a.outcome, a.exit_code, a.outputs, a.error, a.stderr_tail, a.agent_id, a.host, a.started_at,"
            + " a.ended_at, a.received_at, a.stage, a.parent_run_id, a.kept_files,"
            + " a.client_point_id, a.sampler_round, a.steps";

    private static final String OF_STUDY = "SELECT " + COLUMNS + " FROM results.attempt a WHERE a.study_id = ?";
    // Every dispatch of a run is a new attempt, and the newest dispatch is the authoritative one
    // (docs/adr/0001): the table shows each run's highest attempt, the history keeps the others.
    // Spelled as an anti-join, not "attempt = (SELECT MAX ...)": PostgreSQL cannot estimate that subquery, so it
    // evaluated it for every row after the page's start and sorted them all, once per page; a 200,000-run
    // export read that way took minutes per pass. The anti-join lets it walk the (study_id, seq) index and stop
    // at the page's end (a page: under 10 ms instead of 800 ms).
    private static final String LATEST_OF_RUN = " AND NOT EXISTS (SELECT 1 FROM results.attempt b"
            + " WHERE b.run_id = a.run_id AND b.attempt > a.attempt)";
    private static final String OF_STAGE = " AND a.stage = ?";
    /**
     * Keyset paging: the rows after the last one of the previous page, in the order of the listing. Spelled out
     * rather than as a row comparison, which the embedded database does not read the same way; {@code a.seq >= ?}
     * lets the (study_id, seq) index narrow the scan.
     */
    private static final String AFTER_RUN = " AND a.seq >= ? AND (a.seq > ? OR a.run_id > ?)";
    private static final String AFTER_ATTEMPT = " AND a.seq >= ? AND (a.seq > ? OR a.run_id > ?"
            + " OR (a.run_id = ? AND a.attempt > ?))";
    private static final String PAGE = " LIMIT " + PAGE_ROWS;

    /** Receives rows; may throw IOException when the client it writes to goes away. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(StoredAttempt attempt) throws IOException;
    }

    /** The two listings: one row per run (its latest attempt), or every attempt. */
    private enum Listing {
        LATEST(LATEST_OF_RUN, AFTER_RUN, " ORDER BY a.seq, a.run_id"),
        ALL("", AFTER_ATTEMPT, " ORDER BY a.seq, a.run_id, a.attempt");

        private final String filter;
        private final String after;
        private final String order;

        Listing(String filter, String after, String order) {
            this.filter = filter;
            this.after = after;
            this.order = order;
        }

        String sql(boolean ofStage, boolean afterKey) {
            return OF_STUDY + filter + (ofStage ? OF_STAGE : "") + (afterKey ? after : "") + order + PAGE;
        }

        /** Binds the last row's key from parameter {@code index} on. */
        void bindAfter(PreparedStatement select, int index, StoredAttempt last) throws SQLException {
            select.setLong(index, last.seq());
            select.setLong(index + 1, last.seq());
            select.setString(index + 2, last.runId());
            if (this == ALL) {
                select.setString(index + 3, last.runId());
                select.setInt(index + 4, last.attempt());
            }
        }
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
        stream(Listing.LATEST, studyId, stage, consumer);
    }

    /** Every attempt of every run, ordered by sequence number, then attempt. */
    public void forEachAttempt(String studyId, RowConsumer consumer) throws IOException {
        stream(Listing.ALL, studyId, null, consumer);
    }

    /**
     * Pages are read in separate transactions: a result stored during an export shows up if its key comes after the
     * page being read, and no row is listed twice, since each page starts after the last key of the one before.
     */
    private void stream(Listing listing, String studyId, String stageName, RowConsumer consumer) throws IOException {
        StoredAttempt last = null;
        while (true) {
            List<StoredAttempt> page = page(listing, studyId, stageName, last);
            for (StoredAttempt attempt : page) {
                consumer.accept(attempt);
            }
            if (page.size() < PAGE_ROWS) {
                return;
            }
            last = page.get(page.size() - 1);
        }
    }

    /** One page, read on a connection that is back in the pool when this returns. */
    private List<StoredAttempt> page(Listing listing, String studyId, String stageName, StoredAttempt last)
            throws IOException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(listing.sql(stageName != null, last != null))) {
            int index = 1;
            select.setString(index++, studyId);
            if (stageName != null) {
                select.setString(index++, stageName);
            }
            if (last != null) {
                listing.bindAfter(select, index, last);
            }
            List<StoredAttempt> page = new ArrayList<>(PAGE_ROWS);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    page.add(read(rows));
                }
            }
            return page;
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
                JsonColumns.readKept(rows.getString("kept_files")),
                samplerPoint(rows),
                JsonColumns.readSteps(rows.getString("steps")));
    }

    /** Null outside a sampler loop: no round stored (a point the built-in sampler chose has a round, no id). */
    private static SamplerPoint samplerPoint(ResultSet rows) throws SQLException {
        Integer round = rows.getObject("sampler_round", Integer.class);
        return round == null ? null : new SamplerPoint(rows.getString("client_point_id"), round);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
