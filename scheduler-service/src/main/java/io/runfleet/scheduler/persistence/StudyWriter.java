package io.runfleet.scheduler.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.runfleet.scheduler.study.ValidatedStudy;
import io.runfleet.wire.ParamHash;
import io.runfleet.wire.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a new study and all its runs (PENDING) in one transaction, runs in JDBC batches, before anything of it
 * is dispatched.
 */
@ApplicationScoped
public class StudyWriter {

    private static final int BATCH = 500;

    private final AgroalDataSource dataSource;

    public StudyWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A million runs take tens of seconds on a busy machine: longer than the default transaction timeout. */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public void insert(String studyId, ValidatedStudy study, String document, String documentSha256, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            insertStudy(connection, studyId, study, document, documentSha256, now);
            insertRuns(connection, studyId, study, now);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store study " + studyId + ": " + e.getMessage(), e);
        }
    }

    private static void insertStudy(Connection connection, String studyId, ValidatedStudy study, String document,
                                    String documentSha256, Instant now) throws SQLException {
        String sql = "INSERT INTO " + Tables.STUDY + " (id, name, document, document_sha256, spec, max_parallel,"
                + " retries, backoff_millis, crash_limit, total_runs, state, submitted_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setString(2, study.name());
            statement.setString(3, document);
            statement.setString(4, documentSha256);
            statement.setString(5, json(study.spec()));
            statement.setInt(6, study.policy().maxParallel());
            statement.setInt(7, study.policy().retries());
            statement.setLong(8, study.policy().backoff().toMillis());
            statement.setInt(9, study.policy().crashLimit());
            statement.setLong(10, study.runCount());
            Jdbc.setInstant(statement, 11, now);
            statement.executeUpdate();
        }
    }

    private static void insertRuns(Connection connection, String studyId, ValidatedStudy study, Instant now)
            throws SQLException {
        String sql = "INSERT INTO " + Tables.RUN + " (id, study_id, seq, params, param_hash, state, attempt,"
                + " lost_count, failure_count, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, 'PENDING', 0, 0, 0, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            long seq = 0;
            for (Map<String, Object> point : study.space()) {
                statement.setString(1, UUID.randomUUID().toString());
                statement.setString(2, studyId);
                statement.setLong(3, seq++);
                statement.setString(4, json(point));
                statement.setString(5, ParamHash.of(point));
                Jdbc.setInstant(statement, 6, now);
                Jdbc.setInstant(statement, 7, now);
                statement.addBatch();
                if (seq % BATCH == 0) {
                    statement.executeBatch();
                }
            }
            if (seq % BATCH != 0) {
                statement.executeBatch();
            }
        }
    }

    private static String json(Object value) {
        try {
            return WireCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }
}
