package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.SamplerStore;
import io.runfleet.scheduler.persistence.StoredSampler;
import io.runfleet.wire.RunCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Keeps the objective's value of sampler runs whose completion was just applied, in the same transaction. A run that
 * succeeded without a usable value (the output missing, or not a number) counts as failed for the sampler; its error
 * says why.
 */
@ApplicationScoped
public class ObjectiveRecorder {

    /** The value of the objective in a result, or why there is none. */
    record Reading(Double value, String problem) {
    }

    /** @param completed sampler runs whose completion changed them, with their events */
    public void record(Connection connection, Map<RunRow, RunCompleted> completed) throws SQLException {
        Map<String, Optional<StoredSampler>> samplers = new HashMap<>();
        for (Map.Entry<RunRow, RunCompleted> entry : completed.entrySet()) {
            RunRow run = entry.getKey();
            if (run.state() != RunState.SUCCEEDED) {
                continue; // a failed run has no value: the tally counts it by its state
            }
            Optional<StoredSampler> sampler = samplers.get(run.studyId());
            if (sampler == null) {
                sampler = SamplerStore.find(connection, run.studyId());
                samplers.put(run.studyId(), sampler);
            }
            if (sampler.isPresent()) {
                Reading reading = read(sampler.get().section().objective().name(), entry.getValue().outputs());
                SamplerRuns.recordObjective(connection, run.id(), reading.value(), reading.problem());
            }
        }
    }

    static Reading read(String objective, Map<String, Object> outputs) {
        Object value = outputs.get(objective);
        if (value == null) {
            return new Reading(null, "succeeded, but the sampler counts it as failed: its outputs have no '"
                    + objective + "' (outputs: " + (outputs.isEmpty() ? "none" : String.join(", ",
                    new TreeSet<>(outputs.keySet()))) + "); make the run write the objective");
        }
        Double number = null;
        if (value instanceof Number given) {
            number = given.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null || !Double.isFinite(number)) {
            return new Reading(null, "succeeded, but the sampler counts it as failed: output '" + objective + "' is "
                    + "'" + value + "', not a finite number");
        }
        return new Reading(number, null);
    }
}
