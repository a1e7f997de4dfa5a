package io.runfleet.scheduler.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side for the REST API: studies, their counts per state and their runs. */
@ApplicationScoped
@Transactional
public class StudyQueries {

    private final AgroalDataSource dataSource;

    public StudyQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<StudyEntity> study(String id) {
        return StudyEntity.findByIdOptional(id);
    }

    /**
     * One page of studies, oldest first, without their documents: those submitted after the study
     * {@code after} (null for the first page), at most {@code limit}. Ordered by (submittedAt, id), so that a
     * study submitted while a client pages through the list shows up once, at the end.
     */
    public List<StudyListing> studies(StudyEntity after, int limit) {
        String columns = "select new " + StudyListing.class.getName() + "(s.id, s.name, s.state, s.submittedAt,"
                + " s.completedAt, s.totalRuns, s.documentSha256, s.sourceCommit, s.sourceDirty, s.clientDirectory,"
                + " s.clientUser, s.error) from Study s";
        String order = " order by s.submittedAt, s.id";
        var query = after == null
                ? StudyEntity.getEntityManager().createQuery(columns + order, StudyListing.class)
                : StudyEntity.getEntityManager().createQuery(columns
                        + " where s.submittedAt > ?1 or (s.submittedAt = ?1 and s.id > ?2)" + order, StudyListing.class)
                        .setParameter(1, after.submittedAt).setParameter(2, after.id);
        return query.setMaxResults(limit).getResultList();
    }

    /** Runs per state for each study, counted with one GROUP BY. */
    public Map<String, Map<RunState, Long>> counts(Collection<String> studyIds) {
        try (Connection connection = dataSource.getConnection()) {
            return RunStore.countsByStudy(connection, studyIds);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count runs: " + e.getMessage(), e);
        }
    }

    /** Runs of a study in seq order, optionally of one state. */
    public List<RunEntity> runs(String studyId, Optional<RunState> state, long afterSeq, int limit) {
        var query = state.isPresent()
                ? RunEntity.find("studyId = ?1 and state = ?2 and seq > ?3", Sort.by("seq"), studyId, state.get(),
                        afterSeq)
                : RunEntity.find("studyId = ?1 and seq > ?2", Sort.by("seq"), studyId, afterSeq);
        return query.<RunEntity>page(0, limit).list();
    }

    /** The run of a study with sequence number {@code seq}. */
    public Optional<RunEntity> run(String studyId, long seq) {
        return RunEntity.find("studyId = ?1 and seq = ?2", studyId, seq).firstResultOptional();
    }

    /** The study's first run (lowest seq): its parameters name the study's parameters. */
    public Optional<RunEntity> firstRun(String studyId) {
        return RunEntity.find("studyId = ?1", Sort.by("seq"), studyId).firstResultOptional();
    }
}
