package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.SamplerStore;
import io.runfleet.scheduler.persistence.StoredSampler;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.study.Problem;
import io.runfleet.scheduler.study.SamplerSection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes runs of the points an ask/tell client suggests (POST /studies/{id}/suggestions), on the scheduler loop in its
 * transaction: a batch is taken whole or not at all. A point id names one point for good: posting it again returns
 * its run, with other parameters it is refused. New runs are PENDING with the study's constants merged in and are
 * dispatched as usual; they must fit the sampler's capacity (room in flight, within the run budget).
 */
@ApplicationScoped
public class SuggestionIntake {

    private static final Logger LOG = Logger.getLogger(SuggestionIntake.class);

    /** A point as the client posted it: its id and the sampler's variables. */
    public record Point(String clientPointId, Map<String, Object> params) {
    }

    /** A point's run: made now, or already made for the same id. */
    public record Entry(String clientPointId, String runId, long seq, boolean created) {
    }

    /** @param capacity the runs the sampler may still add after this batch */
    public record Accepted(List<Entry> runs, long capacity) {
    }

    private final SamplerSupervisor samplers;

    public SuggestionIntake(SamplerSupervisor samplers) {
        this.samplers = samplers;
    }

    /**
     * @param points each point's client id and its parameters
     * @throws SamplerRefused when the batch cannot be taken; nothing of it is stored then
     */
    public Accepted accept(Connection connection, String studyId, List<Point> points, Instant now)
            throws SQLException {
        StoredSampler sampler = externalSampler(connection, studyId, true);
        SamplerSection section = sampler.section();
        List<Point> posted = points == null ? List.of() : points;
        List<Problem> problems = SuggestedPoints.problems(posted, section);
        if (!problems.isEmpty()) {
            throw new SamplerRefused(400, "invalid suggestions", problems);
        }
        Map<String, Map<String, Object>> byId = distinct(posted, section);
        Map<String, SamplerRuns.PointRun> existing = SamplerRuns.byClientPointIds(connection, studyId, byId.keySet());
        List<SamplerRuns.NewPoint> fresh = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> point : byId.entrySet()) {
            SamplerRuns.PointRun run = existing.get(point.getKey());
            if (run == null) {
                Map<String, Object> params = new LinkedHashMap<>(point.getValue());
                params.putAll(sampler.constants());
                fresh.add(new SamplerRuns.NewPoint(point.getKey(), params));
            } else if (!SuggestedPoints.samePoint(run.params(), point.getValue(), section)) {
                throw new SamplerRefused(409, "clientPointId '" + point.getKey() + "' already names run " + run.runId()
                        + " with other parameters (" + variablesOf(run.params(), section) + "); an id names one "
                        + "point for good: give the new point a new id");
            }
        }
        if (!fresh.isEmpty()) {
            checkRoom(connection, sampler, fresh.size());
            int round = SamplerRuns.nextRound(connection, studyId);
            for (SamplerRuns.PointRun made : SamplerRuns.append(connection, studyId, fresh, round, now)) {
                existing.put(made.clientPointId(), made);
            }
            LOG.infof("Study(id=%s): %d suggested points pending as round %d", studyId, fresh.size(), round);
            samplers.check(connection, List.of(studyId), now); // the budget may be used up now
        }
        List<Entry> entries = new ArrayList<>();
        for (Point point : posted) {
            SamplerRuns.PointRun run = existing.get(point.clientPointId());
            boolean created = fresh.stream().anyMatch(made -> made.clientPointId().equals(point.clientPointId()))
                    && entries.stream().noneMatch(entry -> entry.clientPointId().equals(point.clientPointId()));
            entries.add(new Entry(point.clientPointId(), run.runId(), run.seq(), created));
        }
        StoredSampler after = SamplerStore.find(connection, studyId).orElseThrow();
        long capacity = after.takesPoints() ? SamplerStopRule.capacity(section, SamplerRuns.tally(connection, studyId)) : 0;
        return new Accepted(entries, capacity);
    }

    /**
     * The study's sampler, when it is an external one; a 404 or 409 otherwise.
     *
     * @param takingPoints whether the study must be ACTIVE (or a dry run) too, to take new points
     */
    static StoredSampler externalSampler(Connection connection, String studyId, boolean takingPoints)
            throws SQLException {
        Optional<StudyState> state = StudyStore.state(connection, studyId);
        if (state.isEmpty()) {
            throw new SamplerRefused(404, "no study with id '" + studyId + "'; GET /studies lists the known ones");
        }
        Optional<StoredSampler> sampler = SamplerStore.find(connection, studyId);
        if (sampler.isEmpty() || sampler.get().section().kind() != SamplerSection.Kind.EXTERNAL) {
            throw new SamplerRefused(409, "study '" + studyId + "' " + (sampler.isEmpty() ? "has no sampler section"
                    : "has the built-in sampler (kind: adaptive), which chooses its points itself")
                    + "; suggestions need sampler.kind: external. Submit a study with sampler: {kind: external, ...}");
        }
        if (takingPoints && state.get() != StudyState.ACTIVE && state.get() != StudyState.DRY_RUN) {
            throw new SamplerRefused(409, "study '" + studyId + "' is " + state.get() + "; only an ACTIVE study (or a "
                    + "dry run) takes suggestions");
        }
        return sampler.get();
    }

    /** One entry per id; an id posted twice in one batch must name the same point. */
    private static Map<String, Map<String, Object>> distinct(List<Point> posted,
                                                             SamplerSection section) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Point point : posted) {
            Map<String, Object> earlier = byId.putIfAbsent(point.clientPointId(), point.params());
            if (earlier != null && !SuggestedPoints.samePoint(earlier, point.params(), section)) {
                throw new SamplerRefused(409, "clientPointId '" + point.clientPointId() + "' appears twice in the "
                        + "batch with different parameters; give each point its own id");
            }
        }
        return byId;
    }

    private static void checkRoom(Connection connection, StoredSampler sampler, int adding) throws SQLException {
        if (!sampler.isOpen()) {
            throw new SamplerRefused(409, "the sampler of study '" + sampler.studyId() + "' is " + sampler.state()
                    + " (" + sampler.stopReason() + "); it takes no new points. GET /studies/" + sampler.studyId()
                    + "/sampler shows its results");
        }
        SamplerRuns.Tally runs = SamplerRuns.tally(connection, sampler.studyId());
        long capacity = SamplerStopRule.capacity(sampler.section(), runs);
        if (adding > capacity) {
            throw new SamplerRefused(409, "the batch has " + adding + " new points but the capacity is " + capacity
                    + " (inFlight " + sampler.section().inFlight() + " minus " + runs.unfinished()
                    + " runs in flight; budget.maxRuns " + sampler.section().budget().maxRuns() + " minus "
                    + runs.created() + " runs created); nothing was created. Post at most " + capacity
                    + " new points, or wait for runs to end");
        }
    }

    private static String variablesOf(Map<String, Object> params, SamplerSection section) {
        List<String> values = new ArrayList<>();
        section.variables().keySet().forEach(name -> values.add(name + "=" + params.get(name)));
        return String.join(", ", values);
    }
}
