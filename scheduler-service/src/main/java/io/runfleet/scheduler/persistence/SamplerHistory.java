package io.runfleet.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the built-in sampler learns from: every run of a sampler study with its point, how it stands and its objective
 * value, finished runs in the order they finished. Read anew for each proposal, so that the model is a function of
 * the database alone and a restarted scheduler goes on where the last one stopped.
 */
public final class SamplerHistory {

    private SamplerHistory() {
    }

    /**
     * One run as the sampler sees it.
     *
     * @param state          the run's state name
     * @param objectiveValue the objective's value of a SUCCEEDED run; null when it has none (or has not ended)
     * @param fed            whether the built-in sampler has taken the result into its model already
     */
    public record Entry(String runId, Map<String, Object> params, String state, Double objectiveValue, boolean fed) {

        public boolean unfinished() {
            return !RunState.valueOf(state).isTerminal();
        }

        public boolean cancelled() {
            return RunState.CANCELLED.name().equals(state);
        }

        /** Ended in a way the sampler learns from: a value, or a failure (FAILED, TIMED_OUT, or no usable value). */
        public boolean finished() {
            return !unfinished() && !cancelled();
        }

        public boolean failed() {
            return finished() && objectiveValue == null;
        }
    }

    /** The study's runs: finished ones in the order they ended, then the unfinished ones in seq order. */
    public static List<Entry> of(Connection connection, String studyId) throws SQLException {
        String sql = "SELECT id, params, state, objective_value, sampler_fed FROM " + Tables.RUN + " WHERE study_id = ?"
                + " ORDER BY CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END, ended_at, seq";
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, studyId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double value = rows.getDouble(4);
                    Double objective = rows.wasNull() ? null : value;
                    entries.add(new Entry(rows.getString(1), StoredJson.parameters(rows.getString(2),
                            "run " + rows.getString(1)), rows.getString(3), objective, rows.getBoolean(5)));
                }
            }
        }
        return entries;
    }

    /**
     * Marks ended runs as taken into the model; those marked before stay as they are.
     *
     * @return the runs marked now: a result counted twice would show here as marked again, which it cannot be
     */
    public static int markFed(Connection connection, Collection<String> runIds) throws SQLException {
        if (runIds.isEmpty()) {
            return 0;
        }
        String sql = "UPDATE " + Tables.RUN + " SET sampler_fed = TRUE WHERE (sampler_fed IS NULL OR NOT sampler_fed) AND id IN ("
                + Jdbc.placeholders(runIds.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (String id : runIds) {
                statement.setString(index++, id);
            }
            return statement.executeUpdate();
        }
    }
}
