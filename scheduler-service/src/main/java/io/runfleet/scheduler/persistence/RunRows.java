package io.runfleet.scheduler.persistence;

import java.sql.SQLException;

/** Where {@link RunInserter} writes new runs: JDBC batches, or PostgreSQL's COPY. */
interface RunRows extends AutoCloseable {

    void add(NewRun row) throws SQLException;

    /** Writes what is still buffered; the caller commits after this. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;
}
