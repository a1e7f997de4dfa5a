package io.runfleet.results;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the results schema directly, to check what was stored. */
@ApplicationScoped
class Database {

    private final AgroalDataSource dataSource;

    Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    long count(String sql, Object... args) {
        List<Long> values = longs(sql, args);
        return values.get(0);
    }

    List<Long> longs(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one INSERT, UPDATE or DELETE; how many rows it changed. */
    int update(String sql, Object... args) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long attempts(String studyId) {
        return count("SELECT COUNT(*) FROM results.attempt WHERE study_id = ?", studyId);
    }

    long events(String studyId) {
        return count("SELECT COUNT(*) FROM results.outbox WHERE study_id = ?", studyId);
    }

    /** The study sequence numbers of a study's events, in event id (commit) order. */
    List<Long> studySeqs(String studyId) {
        return longs("SELECT study_seq FROM results.outbox WHERE study_id = ? ORDER BY event_id", studyId);
    }

    List<Long> eventIds(String studyId) {
        return longs("SELECT event_id FROM results.outbox WHERE study_id = ? ORDER BY event_id", studyId);
    }
}
