package io.runfleet.scheduler.persistence;

import io.runfleet.wire.ParamHash;
import io.runfleet.wire.Stages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Inserts new runs of one study in JDBC batches, numbering them on from a first seq. Used for a new study, for the
 * runs an extension or a repeat appends (PENDING, stage 0) and for the runs of later stages. Callers hold the
 * transaction and call {@link #finish()} before they commit.
 */
final class RunInserter implements AutoCloseable {

    private static final int BATCH = 500;
    private static final String SQL = "INSERT INTO " + Tables.RUN + " (id, study_id, seq, params, param_hash, state,"
            + " attempt, lost_count, failure_count, created_at, updated_at, repetition, stage_index, stage,"
            + " parent_run_id, error, ended_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final PreparedStatement statement;
    private final String studyId;
    private final Instant now;
    private long nextSeq;
    private long inserted;
    private int batched;

    RunInserter(Connection connection, String studyId, long firstSeq, Instant now) throws SQLException {
        this.statement = connection.prepareStatement(SQL);
        this.studyId = studyId;
        this.nextSeq = firstSeq;
        this.now = now;
    }

    /** A run of a new parameter set; its hash is computed here. */
    void add(Map<String, Object> point, int repetition) throws SQLException {
        add(StoredJson.write(point), ParamHash.of(point), repetition);
    }

    /** A run of a parameter set the study already holds, as stored (JSON) with its hash. */
    void add(String paramsJson, String paramHash, int repetition) throws SQLException {
        add(paramsJson, paramHash, repetition, 0, Stages.FIRST, null, null);
    }

    /** A run of a later stage: PENDING, or FAILED with {@code failure} as its error when it cannot run. */
    void add(StageRun run) throws SQLException {
        add(StoredJson.write(run.params()), ParamHash.of(run.params()), 0, run.stageIndex(), run.stageName(),
                run.parentRunId(), run.failure());
    }

    private void add(String paramsJson, String paramHash, int repetition, int stageIndex, String stageName,
                     String parentRunId, String failure) throws SQLException {
        statement.setString(1, UUID.randomUUID().toString());
        statement.setString(2, studyId);
        statement.setLong(3, nextSeq++);
        statement.setString(4, paramsJson);
        statement.setString(5, paramHash);
        statement.setString(6, failure == null ? RunState.PENDING.name() : RunState.FAILED.name());
        Jdbc.setInstant(statement, 7, now);
        Jdbc.setInstant(statement, 8, now);
        statement.setInt(9, repetition);
        statement.setInt(10, stageIndex);
        statement.setString(11, stageName);
        statement.setString(12, parentRunId);
        statement.setString(13, failure);
        Jdbc.setInstant(statement, 14, failure == null ? null : now);
        statement.addBatch();
        inserted++;
        if (++batched == BATCH) {
            statement.executeBatch();
            batched = 0;
        }
    }

    /** Sends the last batch. */
    void finish() throws SQLException {
        if (batched > 0) {
            statement.executeBatch();
            batched = 0;
        }
    }

    long inserted() {
        return inserted;
    }

    /** The seq the next run would get. */
    long nextSeq() {
        return nextSeq;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }

}
