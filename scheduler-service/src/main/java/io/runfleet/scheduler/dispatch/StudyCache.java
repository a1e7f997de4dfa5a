package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run specs and policies of studies, read once: a study's spec and policy never change after submission, and
 * every run request carries the spec.
 */
@ApplicationScoped
public class StudyCache {

    private final Map<String, StoredStudy> studies = new ConcurrentHashMap<>();

    public Optional<StoredStudy> get(Connection connection, String studyId) throws SQLException {
        StoredStudy cached = studies.get(studyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredStudy> loaded = StudyStore.find(connection, studyId);
        loaded.ifPresent(study -> studies.put(studyId, study));
        return loaded;
    }

    /** Forgets a study that ended; late news about its runs reads it again. */
    public void forget(String studyId) {
        studies.remove(studyId);
    }
}
