package io.runfleet.scheduler.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.scheduler.launch.LaunchStatus;
import io.runfleet.scheduler.launch.LaunchSupervisor;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyEntity;
import io.runfleet.scheduler.persistence.StudyQueries;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers what {@link Explainer} reasons over: the run, its study's policy, counts and launch status
 * ({@code GET /studies/{id}/explain}, {@code GET /studies/{id}/runs/{run}/explain}).
 */
@ApplicationScoped
public class Explanations {

    private final AgroalDataSource dataSource;
    private final StudyQueries queries;
    private final LaunchSupervisor launches;

    public Explanations(AgroalDataSource dataSource, StudyQueries queries, LaunchSupervisor launches) {
        this.dataSource = dataSource;
        this.queries = queries;
        this.launches = launches;
    }

    public StudyExplanation study(String studyId) {
        StudyEntity entity = queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        return Explainer.study(facts(stored(studyId), entity), entity.totalRuns, Instant.now());
    }

    /** @param run the run's id, or its sequence number as {@code runfleet runs} lists it */
    public RunExplanation run(String studyId, String run) {
        StudyEntity entity = queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        RunEntity found = find(studyId, run.trim()).orElseThrow(() -> new ApiException(404, "study '" + studyId
                + "' has no run '" + run + "'; give a run's id or seq as GET /studies/" + studyId + "/runs lists"
                + " them (runfleet runs " + studyId + ")"));
        StoredStudy study = stored(studyId);
        return Explainer.run(found, study.policy(found.stageIndex), study.spec(found.stageIndex).timeoutMillis(),
                facts(study, entity), Instant.now());
    }

    private Optional<RunEntity> find(String studyId, String run) {
        if (!run.isEmpty() && run.chars().allMatch(Character::isDigit) && run.length() < 18) {
            return queries.run(studyId, Long.parseLong(run));
        }
        return RunEntity.find("studyId = ?1 and id = ?2", studyId, run).firstResultOptional();
    }

    private Explainer.StudyFacts facts(StoredStudy study, StudyEntity entity) {
        Map<RunState, Long> counts = queries.counts(List.of(study.id())).getOrDefault(study.id(), Map.of());
        LaunchStatus launch = launches.status(study.id()).orElse(null);
        Duration longestRun = study.launch().orElse(null) instanceof Launch.Slurm slurm ? slurm.longestRun() : null;
        String pool = study.launch().orElse(null) instanceof Launch.Slurm slurm
                ? AllocationListing.poolOf(study.id(), slurm) : study.pool().orElse(null);
        return new Explainer.StudyFacts(study.id(), entity.state, study.policy().maxParallel(), counts, pool, launch,
                longestRun, entity.error);
    }

    private StoredStudy stored(String studyId) {
        try (Connection connection = dataSource.getConnection()) {
            return StudyStore.find(connection, studyId).orElseThrow(() -> ApiException.notFound(studyId));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read study " + studyId + ": " + e.getMessage(), e);
        }
    }
}
