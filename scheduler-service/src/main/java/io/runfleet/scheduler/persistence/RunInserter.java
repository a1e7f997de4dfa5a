package io.runfleet.scheduler.persistence;

import io.runfleet.wire.ParamHash;
import io.runfleet.wire.Stages;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Inserts new runs of one study, numbering them on from a first seq: through COPY on PostgreSQL, in JDBC batches
 * elsewhere ({@link RunRows}). Used for a new study, for the runs an extension or a repeat appends (PENDING, stage 0) and
 * for the runs of later stages. Callers hold the transaction and call {@link #finish()} before they commit.
 */
final class RunInserter implements AutoCloseable {

    private final RunRows rows;
    private long nextSeq;
    private long inserted;

    RunInserter(Connection connection, String studyId, long firstSeq, Instant now) throws SQLException {
        this.rows = connection.isWrapperFor(PGConnection.class)
                ? new CopiedRunRows(connection.unwrap(PGConnection.class).getCopyAPI(), studyId, now)
                : new BatchedRunRows(connection, studyId, now);
        this.nextSeq = firstSeq;
    }

    /** A run of a new parameter set; its hash is computed here. */
    void add(Map<String, Object> point, int repetition) throws SQLException {
        add(StoredJson.write(point), ParamHash.of(point), repetition);
    }

    /**
     * A run of each new parameter set of {@code points}. On PostgreSQL their JSON, hashes and rows are made on another
     * thread while this one copies the chunk before: a 1,000,000-run study spends seconds on them.
     */
    void addAll(Iterable<Map<String, Object>> points, int repetition) throws SQLException {
        Iterator<Map<String, Object>> each = points.iterator();
        rows.addAll(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public NewRun next() {
                Map<String, Object> point = each.next();
                return newRun(StoredJson.write(point), ParamHash.of(point), repetition, 0, Stages.FIRST, null, null);
            }
        });
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
        rows.add(newRun(paramsJson, paramHash, repetition, stageIndex, stageName, parentRunId, failure));
    }

    /** The next run, numbered; in addAll, called on the thread that makes the rows (addAll returns after it ended). */
    private NewRun newRun(String paramsJson, String paramHash, int repetition, int stageIndex, String stageName,
                          String parentRunId, String failure) {
        inserted++;
        return new NewRun(TimeOrderedRunIds.next(), nextSeq++, paramsJson, paramHash,
                failure == null ? RunState.PENDING : RunState.FAILED, repetition, stageIndex, stageName, parentRunId,
                failure);
    }

    /** Writes the runs still buffered. */
    void finish() throws SQLException {
        rows.flush();
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
        rows.close();
    }
}
