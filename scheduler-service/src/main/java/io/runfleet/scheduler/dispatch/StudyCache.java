package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Run specs and policies of studies, read once: a study's spec and policy never change after submission, and
 * every run request carries the spec. At most {@code runfleet.scheduler.study-cache-size} studies are kept, the
 * least recently used leaving first: a spec holds its template files, so thousands of active studies must not
 * all stay in memory.
 */
@ApplicationScoped
public class StudyCache {

    /** Reads a study from the database. */
    @FunctionalInterface
    interface Loader {
        Optional<StoredStudy> load(Connection connection, String studyId) throws SQLException;
    }

    private final Loader loader;
    private final Map<String, StoredStudy> studies;

    @Inject
    public StudyCache(SchedulerConfig config) {
        this(config.studyCacheSize(), StudyStore::find);
    }

    StudyCache(int capacity, Loader loader) {
        if (capacity < 1) {
            throw new IllegalArgumentException("runfleet.scheduler.study-cache-size must be at least 1, got "
                    + capacity);
        }
        this.loader = loader;
        this.studies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StoredStudy> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<StoredStudy> get(Connection connection, String studyId) throws SQLException {
        StoredStudy cached = studies.get(studyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StoredStudy> loaded = loader.load(connection, studyId);
        loaded.ifPresent(study -> studies.put(studyId, study));
        return loaded;
    }

    /** Forgets a study that ended; late news about its runs reads it again. */
    public synchronized void forget(String studyId) {
        studies.remove(studyId);
    }

    synchronized int size() {
        return studies.size();
    }
}
