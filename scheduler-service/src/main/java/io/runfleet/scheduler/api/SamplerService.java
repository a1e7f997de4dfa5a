package io.runfleet.scheduler.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.scheduler.dispatch.RunCancellations;
import io.runfleet.scheduler.dispatch.SamplerClose;
import io.runfleet.scheduler.dispatch.SamplerRefused;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.scheduler.dispatch.SuggestionIntake;
import io.runfleet.scheduler.persistence.SamplerStore;
import io.runfleet.scheduler.persistence.StoredSampler;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.study.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the ask/tell API does (docs/scheduler-service.md, "Sampler loops: ask/tell"): changes run on the scheduler
 * loop, in its transaction, so that a batch of points is checked against the capacity and stored at once; the
 * sampler's status is read outside it.
 */
@ApplicationScoped
public class SamplerService {

    private static final long LOOP_PATIENCE_SECONDS = 30;
    /** Points per request at most: a batch is checked and stored in one loop transaction. */
    static final int MAX_POINTS = 1_000;
    /** Run ids per cancellation request at most. */
    static final int MAX_RUN_IDS = 10_000;

    private final SchedulerLoop loop;
    private final SuggestionIntake intake;
    private final SamplerClose closing;
    private final RunCancellations cancellations;
    private final AgroalDataSource dataSource;

    public SamplerService(SchedulerLoop loop, SuggestionIntake intake, SamplerClose closing,
                          RunCancellations cancellations, AgroalDataSource dataSource) {
        this.loop = loop;
        this.intake = intake;
        this.closing = closing;
        this.cancellations = cancellations;
        this.dataSource = dataSource;
    }

    public SamplerViews.Suggestions suggest(String studyId, SamplerViews.SuggestionsRequest body) {
        List<SuggestionIntake.Point> points = new ArrayList<>();
        if (body != null && body.points() != null) {
            if (body.points().size() > MAX_POINTS) {
                throw new SamplerRefused(400, "points: " + body.points().size() + " points in one request, more than "
                        + MAX_POINTS + "; post them in smaller batches");
            }
            body.points().forEach(point -> points.add(point == null ? null
                    : new SuggestionIntake.Point(point.clientPointId(), point.params())));
        }
        AtomicReference<SuggestionIntake.Accepted> accepted = new AtomicReference<>();
        onLoop(studyId, "suggestions", (connection, now) -> {
            accepted.set(intake.accept(connection, studyId, points, now));
            return accepted.get().runs().stream().anyMatch(SuggestionIntake.Entry::created);
        });
        return new SamplerViews.Suggestions(accepted.get().runs().stream()
                .map(run -> new SamplerViews.SuggestedRun(run.clientPointId(), run.runId(), run.seq(), run.created()))
                .toList(), accepted.get().capacity());
    }

    public SamplerViews.SamplerStatus status(String studyId) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredSampler> sampler = SamplerStore.find(connection, studyId);
            if (sampler.isEmpty()) {
                if (StudyStore.state(connection, studyId).isEmpty()) {
                    throw ApiException.notFound(studyId);
                }
                throw new ApiException(404, "study '" + studyId + "' has no sampler section; only a sampler loop "
                        + "(sampler: {kind: external | adaptive, ...}) has a sampler status");
            }
            return SamplerStatusReader.read(connection, sampler.get(), Instant.now());
        } catch (SQLException e) {
            throw new ApiException(503, "cannot read the sampler of study '" + studyId + "' right now ("
                    + e.getMessage() + "); this is transient, try again");
        }
    }

    public SamplerViews.SamplerStatus close(String studyId, SamplerViews.CloseRequest body) {
        boolean cancelInFlight = body != null && Boolean.TRUE.equals(body.cancelInFlight());
        onLoop(studyId, "close of the sampler", (connection, now) -> {
            closing.close(connection, studyId, cancelInFlight, now);
            return true;
        });
        return status(studyId);
    }

    public SamplerViews.Cancellations cancel(String studyId, SamplerViews.CancellationsRequest body) {
        if (body == null || body.runIds() == null || body.runIds().isEmpty()) {
            throw new SamplerRefused(400, "invalid cancellations", List.of(new Problem("runIds",
                    "missing; give the ids of the runs to cancel, as in {\"runIds\": [\"...\"]}")));
        }
        if (body.runIds().size() > MAX_RUN_IDS) {
            throw new SamplerRefused(400, "runIds: " + body.runIds().size() + " ids in one request, more than "
                    + MAX_RUN_IDS + "; send them in smaller batches");
        }
        AtomicReference<List<RunCancellations.Cancellation>> result = new AtomicReference<>();
        onLoop(studyId, "cancellations", (connection, now) -> {
            result.set(cancellations.cancel(connection, studyId, body.runIds(), now));
            return result.get().stream().anyMatch(run -> run.outcome() == RunCancellations.Outcome.CANCELLED);
        });
        return new SamplerViews.Cancellations(result.get().stream()
                .map(run -> new SamplerViews.RunCancellation(run.runId(), run.outcome().name(),
                        run.state() == null ? null : run.state().name(), run.cancelRequested()))
                .toList());
    }

    /** Runs {@code work} on the loop; a refusal from it becomes its HTTP answer, a failure a 503 to retry. */
    private void onLoop(String studyId, String action, SchedulerLoop.TransactionalWork work) {
        try {
            loop.submit(work).get(LOOP_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted during the " + action + " of study '" + studyId + "'; try again");
        } catch (ExecutionException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SamplerRefused refused) {
                    throw refused;
                }
            }
            throw new ApiException(503, "cannot carry out the " + action + " of study '" + studyId + "' right now ("
                    + e.getMessage() + "); this is transient, try again");
        } catch (TimeoutException e) {
            throw new ApiException(503, "the " + action + " of study '" + studyId + "' did not finish within "
                    + LOOP_PATIENCE_SECONDS + " s; GET /studies/" + studyId + "/sampler shows whether it took effect");
        }
    }
}
