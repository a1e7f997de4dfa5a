package io.runfleet.scheduler.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.runfleet.scheduler.study.ValidatedStudy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Stores a new study and all its runs (PENDING) in one transaction, runs in JDBC batches, before anything of it
 * is dispatched.
 */
@ApplicationScoped
public class StudyWriter {

    private final AgroalDataSource dataSource;

    public StudyWriter(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A million runs take tens of seconds on a busy machine: longer than the default transaction timeout.
     *
     * @param state ACTIVE to dispatch the runs, DRY_RUN to store them only (until the study is started)
     */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public void insert(String studyId, ValidatedStudy study, SubmittedDocument document, Provenance provenance,
                       StudyState state, Instant now) {
        if (state != StudyState.ACTIVE && state != StudyState.DRY_RUN) {
            throw new IllegalArgumentException("a new study is ACTIVE or DRY_RUN, not " + state);
        }
        try (Connection connection = dataSource.getConnection()) {
            insertStudy(connection, studyId, study, document, provenance, state, now);
            if (study.sampler().isPresent()) {
                // no runs yet: the sampler makes them
                SamplerStore.insert(connection, studyId, study.sampler().get(), study.space().constants());
            } else {
                insertRuns(connection, studyId, study, now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store study " + studyId + ": " + e.getMessage(), e);
        }
    }

    private static void insertStudy(Connection connection, String studyId, ValidatedStudy study,
                                    SubmittedDocument document, Provenance provenance, StudyState state, Instant now)
            throws SQLException {
        String sql = "INSERT INTO " + Tables.STUDY + " (id, name, document, document_sha256, spec, max_parallel,"
                + " retries, backoff_millis, crash_limit, total_runs, state, submitted_at, document_type,"
                + " source_commit, source_dirty, client_directory, client_user, stages, next_seq, launch)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            statement.setString(2, study.name());
            statement.setString(3, document.text());
            statement.setString(4, document.sha256());
            statement.setString(5, StoredJson.write(study.spec()));
            statement.setInt(6, study.policy().maxParallel());
            statement.setInt(7, study.policy().retries());
            statement.setLong(8, study.policy().backoff().toMillis());
            statement.setInt(9, study.policy().crashLimit());
            statement.setLong(10, study.runCount());
            statement.setString(11, state.name());
            Jdbc.setInstant(statement, 12, now);
            statement.setString(13, document.contentType());
            statement.setString(14, provenance.commit());
            if (provenance.dirty() == null) {
                statement.setNull(15, Types.BOOLEAN);
            } else {
                statement.setBoolean(15, provenance.dirty());
            }
            statement.setString(16, provenance.directory());
            statement.setString(17, provenance.user());
            statement.setString(18, study.stages().isEmpty() ? null : StoredJson.write(study.stages()));
            statement.setLong(19, study.runCount()); // its runs take seqs 0 to runCount - 1 (SeqCounter)
            statement.setString(20, study.launch().map(LaunchJson::write).orElse(null));
            statement.executeUpdate();
        }
    }

    private static void insertRuns(Connection connection, String studyId, ValidatedStudy study, Instant now)
            throws SQLException {
        try (RunInserter runs = new RunInserter(connection, studyId, 0, now)) {
            runs.addAll(study.space(), 0);
            runs.finish();
        }
    }
}
