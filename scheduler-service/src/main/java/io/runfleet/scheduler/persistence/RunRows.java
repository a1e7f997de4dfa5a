package io.runfleet.scheduler.persistence;

import java.sql.SQLException;
import java.util.Iterator;

/** Where {@link RunInserter} writes new runs: JDBC batches, or PostgreSQL's COPY. */
interface RunRows extends AutoCloseable {

    /** The columns of a new run, in the order both ways write them. */
    String COLUMNS = "id, study_id, seq, params, param_hash, state, attempt, lost_count, failure_count, created_at,"
            + " updated_at, repetition, stage_index, stage, parent_run_id, error, ended_at";

    void add(NewRun row) throws SQLException;

    /** Every row of {@code rows}, made as they are taken: a way may make them while it writes those before. */
    default void addAll(Iterator<NewRun> rows) throws SQLException {
        while (rows.hasNext()) {
            add(rows.next());
        }
    }

    /** Writes what is still buffered; the caller commits after this. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
