package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** New runs as INSERTs in JDBC batches: any database (the embedded H2). */
final class BatchedRunRows implements RunRows {

    private static final int BATCH = 500;
    private static final String SQL = "INSERT INTO " + Tables.RUN + " (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final PreparedStatement statement;
    private final String studyId;
    private final Instant now;
    private int batched;

    BatchedRunRows(Connection connection, String studyId, Instant now) throws SQLException {
        this.statement = connection.prepareStatement(SQL);
        this.studyId = studyId;
        this.now = now;
    }

    @Override
    public void add(NewRun row) throws SQLException {
        statement.setString(1, row.id());
        statement.setString(2, studyId);
        statement.setLong(3, row.seq());
        statement.setString(4, row.paramsJson());
        statement.setString(5, row.paramHash());
        statement.setString(6, row.state().name());
        Jdbc.setInstant(statement, 7, now);
        Jdbc.setInstant(statement, 8, now);
        statement.setInt(9, row.repetition());
        statement.setInt(10, row.stageIndex());
        statement.setString(11, row.stage());
        statement.setString(12, row.parentRunId());
        statement.setString(13, row.error());
        Jdbc.setInstant(statement, 14, row.error() == null ? null : now);
        statement.addBatch();
        if (++batched == BATCH) {
            flush();
        }
    }

    @Override
    public void flush() throws SQLException {
        if (batched > 0) {
            statement.executeBatch();
            batched = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
