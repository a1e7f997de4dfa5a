package io.runfleet.scheduler.persistence;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import org.postgresql.copy.CopyManager;

/**
 * New runs through PostgreSQL's COPY, in its text format, with no parameter binding per value in the driver: a
 * 1,000,000-run study was accepted in 21-26 s instead of 27-34 s with batched INSERTs (bench/run.sh accept); what is
 * left is mostly the database's own work (six indexes and the study's foreign key per row). Rows are buffered and each
 * chunk is one complete COPY, so that no COPY stays open between calls: callers may run other statements on the
 * connection meanwhile (an extension reads the sets a study holds while it adds runs).
 */
final class CopiedRunRows implements RunRows {

    /** Rows per COPY: large enough that its round trip is nothing per row, small enough to keep the buffer a few MB. */
    private static final int CHUNK = 10_000;
    private static final String SQL = "COPY " + Tables.RUN + " (" + COLUMNS + ") FROM STDIN (FORMAT text)";

    private final CopyManager copy;
    private final CopyRowText text;
    private final StringBuilder buffer = new StringBuilder();
    private int buffered;

    CopiedRunRows(CopyManager copy, String studyId, Instant now) {
        this.copy = copy;
        this.text = new CopyRowText(studyId, now);
    }

    @Override
    public void add(NewRun row) throws SQLException {
        text.append(row, buffer);
        if (++buffered == CHUNK) {
            flush();
        }
    }

    /** The rows are made on another thread while this one copies the chunk before (CopyChunkMaker). */
    @Override
    public void addAll(Iterator<NewRun> rows) throws SQLException {
        flush();
        try (CopyChunkMaker chunks = new CopyChunkMaker(rows, text, CHUNK)) {
            for (CopyChunkMaker.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                copy(chunk.text(), chunk.rows());
            }
        }
    }

    @Override
    public void flush() throws SQLException {
        if (buffered == 0) {
            return;
        }
        copy(buffer.toString(), buffered);
        buffer.setLength(0);
        buffered = 0;
    }

    private void copy(String rows, int count) throws SQLException {
        try {
            copy.copyIn(SQL, new StringReader(rows));
        } catch (IOException e) {
            throw new SQLException("COPY of " + count + " new runs failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        buffer.setLength(0);
    }
}
