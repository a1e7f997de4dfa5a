package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.persistence.UnreadableRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Run specs and policies of studies, read once: a study's spec and policy never change after submission, and
 * every run request carries the spec. At most {@code runfleet.scheduler.study-cache-size} studies are kept, the
 * least recently used leaving first: a spec holds its template files, so thousands of active studies must not
 * all stay in memory.
 *
 * <p>A study whose stored row cannot be read is reported as absent, so that whoever asked (dispatch, results, the
 * lease sweep) skips it and goes on with the other studies, and is remembered with the reason until
 * {@link StudyFailures} fails it in a transaction of its own.
 */
@ApplicationScoped
public class StudyCache {

    private static final Logger LOG = Logger.getLogger(StudyCache.class);

    /** Reads a study from the database. */
    @FunctionalInterface
    interface Loader {
        Optional<StoredStudy> load(Connection connection, String studyId) throws SQLException;
    }

    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

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
        Optional<StoredStudy> loaded;
        try {
            loaded = loader.load(connection, studyId);
        } catch (UnreadableRow e) {
            reportUnreadable(studyId, e);
            return Optional.empty();
        }
        loaded.ifPresent(study -> studies.put(studyId, study));
        return loaded;
    }

    /** A row of the study (its spec, stages or a run's parameters) cannot be read: the study is to fail. */
    public void reportUnreadable(String studyId, UnreadableRow problem) {
        if (unreadable.putIfAbsent(studyId, problem.getMessage()) == null) {
            LOG.errorf(problem, "Study(id=%s) cannot be read; it fails, the other studies go on", studyId);
        }
    }

    /** Whether a study waits to be failed. */
    public boolean hasUnreadable() {
        return !unreadable.isEmpty();
    }

    /** The studies reported unreadable since the last call, with their reasons; they are forgotten here. */
    public Map<String, String> takeUnreadable() {
        Map<String, String> taken = new LinkedHashMap<>();
        for (String studyId : unreadable.keySet()) {
            String reason = unreadable.remove(studyId);
            if (reason != null) {
                taken.put(studyId, reason);
            }
        }
        return taken;
    }

    /** Forgets a study that ended; late news about its runs reads it again. Answers what was kept of it, if anything. */
    public synchronized Optional<StoredStudy> forget(String studyId) {
        return Optional.ofNullable(studies.remove(studyId));
    }

    synchronized int size() {
        return studies.size();
    }
}
