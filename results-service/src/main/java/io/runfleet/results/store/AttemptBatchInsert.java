package io.runfleet.results.store;

import io.runfleet.results.outbox.CompletionEvents;
import io.runfleet.results.outbox.CommittedEvent;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.SamplerPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inserts a batch of results, and one outbox row per new attempt, on a connection whose transaction
 * the caller commits. A (run, attempt) already stored, or twice in the batch, is a duplicate delivery
 * and is skipped. Duplicates are found with one SELECT per batch rather than an upsert because
 * PostgreSQL and H2 spell upserts differently; it is race-free because one thread writes.
 */
final class AttemptBatchInsert {

    private static final int LOOKUP_CHUNK = 500;

    private static final String INSERT_ATTEMPT = "INSERT INTO results.attempt (run_id, attempt, study_id, seq,"
            + " params, param_hash, outcome, exit_code, outputs, error, stderr_tail, agent_id, host,"
            + " started_at, ended_at, received_at, stage, parent_run_id, kept_files, client_point_id, sampler_round,"
            + " steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AttemptBatchInsert() {
    }

    /**
     * @param events gets the outbox events of the new results, with their event ids
     * @return the results that were new, in batch order
     */
    static List<RunResult> insertNew(Connection connection, List<RunResult> batch, Instant receivedAt,
            StudySeqCounter.Reservation studySeqs, List<CommittedEvent> events) throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<RunRef, RunResult> distinct = new LinkedHashMap<>();
        for (RunResult result : batch) {
            distinct.putIfAbsent(result.ref(), result);
        }
        Set<RunRef> stored = alreadyStored(connection, distinct.keySet());
        List<RunResult> fresh = new ArrayList<>(distinct.size());
        for (Map.Entry<RunRef, RunResult> entry : distinct.entrySet()) {
            if (!stored.contains(entry.getKey())) {
                fresh.add(entry.getValue());
            }
        }
        if (!fresh.isEmpty()) {
            OffsetDateTime received = OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC);
            insertAttempts(connection, fresh, received);
            events.addAll(insertEvents(connection, fresh, received, studySeqs));
        }
        return fresh;
    }

    private static Set<RunRef> alreadyStored(Connection connection, Set<RunRef> refs) throws SQLException {
        List<String> runIds = refs.stream().map(RunRef::runId).distinct().toList();
        Set<RunRef> stored = new HashSet<>();
        for (int from = 0; from < runIds.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + LOOKUP_CHUNK));
            String sql = "SELECT run_id, attempt FROM results.attempt WHERE run_id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        RunRef ref = new RunRef(rows.getString(1), rows.getInt(2));
                        if (refs.contains(ref)) {
                            stored.add(ref);
                        }
                    }
                }
            }
        }
        return stored;
    }

    private static void insertAttempts(Connection connection, List<RunResult> fresh, OffsetDateTime received)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ATTEMPT)) {
            for (RunResult result : fresh) {
                insert.setString(1, result.runId());
                insert.setInt(2, result.attempt());
                insert.setString(3, result.studyId());
                insert.setLong(4, result.seq());
                insert.setString(5, JsonColumns.write(result.params()));
                // An agent that left the hash out still gets psweep's column filled in.
                insert.setString(6, result.paramHash() != null ? result.paramHash() : ParamHash.of(result.params()));
                insert.setString(7, result.outcome().name());
                setNullableInt(insert, 8, result.exitCode());
                insert.setString(9, JsonColumns.write(result.outputs()));
                insert.setString(10, result.error());
                insert.setString(11, result.stderrTail());
                insert.setString(12, result.agentId());
                insert.setString(13, result.host());
                setNullableTime(insert, 14, result.startedAt());
                setNullableTime(insert, 15, result.endedAt());
                insert.setObject(16, received);
                insert.setString(17, result.stage());
                insert.setString(18, result.parentRunId());
                insert.setString(19, JsonColumns.writeKept(result.kept()));
                SamplerPoint sampler = result.sampler();
                insert.setString(20, sampler == null ? null : sampler.clientPointId());
                setNullableInt(insert, 21, sampler == null ? null : sampler.round());
                insert.setString(22, JsonColumns.writeSteps(result.steps()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<CommittedEvent> insertEvents(Connection connection, List<RunResult> fresh,
            OffsetDateTime created, StudySeqCounter.Reservation studySeqs) throws SQLException {
        try (OutboxBatch batch = OutboxBatch.prepare(connection)) {
            for (RunResult result : fresh) {
                long studySeq = studySeqs.next(result.studyId());
                RunCompleted event = CompletionEvents.eventOf(result, studySeq);
                batch.add(result.studyId(), studySeq, RunCompleted.TYPE, CompletionEvents.payloadOf(event), created,
                        eventId -> CompletionEvents.committed(eventId, studySeq, event));
            }
            return batch.execute();
        }
    }

    private static void setNullableInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static void setNullableTime(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }
}
