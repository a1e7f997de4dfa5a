package io.runfleet.scheduler.api;

import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.dispatch.Canceller;
import io.runfleet.scheduler.dispatch.RunCanceller;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchSupervisor;
import io.runfleet.scheduler.launch.slurm.QueuePresets;
import io.runfleet.scheduler.launch.slurm.SlurmAllocations;
import io.runfleet.scheduler.launch.slurm.SlurmPools;
import io.runfleet.scheduler.persistence.Provenance;
import io.runfleet.scheduler.persistence.RunEntity;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StudyEntity;
import io.runfleet.scheduler.persistence.StudyListing;
import io.runfleet.scheduler.persistence.StoredJson;
import io.runfleet.scheduler.persistence.StudyQueries;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudySummaries;
import io.runfleet.scheduler.persistence.StudyWriter;
import io.runfleet.scheduler.persistence.SubmittedDocument;
import io.runfleet.scheduler.study.StudyDocument;
import io.runfleet.scheduler.study.StudyReader;
import io.runfleet.scheduler.study.KnownPlugins;
import io.runfleet.scheduler.study.StudyValidator;
import io.runfleet.scheduler.study.ValidatedStudy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/** What the REST API does with studies: submit, summarise, list runs, cancel. */
@ApplicationScoped
public class StudyService {

    private static final Logger LOG = Logger.getLogger(StudyService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SchedulerConfig config;
    private final StudyWriter writer;
    private final StudyQueries queries;
    private final StudySummaries summaries;
    private final SchedulerLoop loop;
    private final Canceller canceller;
    private final RunCanceller runCanceller;
    private final LaunchConfig launchConfig;
    private final LaunchSupervisor launches;
    /** The named pools studies may reference; none when no pools file is configured. */
    @Inject
    SlurmPools pools;
    private final QueuePresets queuePresets;

    public StudyService(SchedulerConfig config, StudyWriter writer, StudyQueries queries, StudySummaries summaries,
                        SchedulerLoop loop, Canceller canceller, RunCanceller runCanceller, LaunchConfig launchConfig,
                        LaunchSupervisor launches, QueuePresets queuePresets) {
        this.config = config;
        this.launchConfig = launchConfig;
        this.launches = launches;
        this.queuePresets = queuePresets;
        this.writer = writer;
        this.queries = queries;
        this.summaries = summaries;
        this.loop = loop;
        this.canceller = canceller;
        this.runCanceller = runCanceller;
    }

    public SubmittedStudy submit(byte[] body, boolean yaml) {
        return submit(body, yaml ? "application/yaml" : "application/json", false, Provenance.NONE);
    }

    /**
     * @param contentType the body's type, kept to answer {@code GET /studies/{id}/document} with it
     * @param dryRun      store and expand the study but dispatch nothing until it is started
     * @param provenance  where the submission came from, as the client reports it
     */
    public SubmittedStudy submit(byte[] body, String contentType, boolean dryRun, Provenance provenance) {
        String document = StudyReader.text(body);
        StudyReader.Read<StudyDocument> parsed =
                StudyReader.readReportingUnknownFields(document, StudyReader.isYaml(contentType));
        ValidatedStudy study = new StudyValidator(config.maxRunsPerStudy(), config.maxTemplateBytes(),
                config.readTemplateDirectories(), launchConfig.enabled()).withPools(pools.pools())
                .withPlugins(KnownPlugins.of(config.plugins())).validate(parsed);
        queuePresets.check(study.launch(), parsed.document().launch() != null && parsed.document().launch().pbs() != null);
        String id = newStudyId();
        StudyState state = dryRun ? StudyState.DRY_RUN : StudyState.ACTIVE;
        long started = System.nanoTime();
        writer.insert(id, study, new SubmittedDocument(document, sha256(body), contentType), provenance, state,
                Instant.now());
        LOG.infof("Study(id=%s, name=%s) stored with %d runs in %d ms%s", id, study.name(), study.runCount(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dryRun ? " as a dry run" : "");
        if (!dryRun) {
            loop.wake();
            if (study.launch().isPresent()) {
                launches.wake();
            }
        }
        return new SubmittedStudy(id, study.name(), state.name(), study.runCount());
    }

    /** The document as submitted, with the type it came with (guessed for studies stored before types were kept). */
    public SubmittedDocument document(String id) {
        StudyEntity study = queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        String type = study.documentType != null ? study.documentType
                : study.document.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
        return new SubmittedDocument(study.document, study.documentSha256, type);
    }

    /** Lets the study's pool submit Slurm allocations again after repeated failures paused it. */
    public StudySummary resumeLaunch(String id) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        if (!launches.resume(id)) {
            throw new ApiException(409, "study " + id + " has no Slurm allocations this scheduler manages (its launch"
                    + " section is not slurm, or it is not ACTIVE with runs left); there is nothing to resume");
        }
        return summary(id);
    }

    /** The batch script the study's next Slurm allocation would get, without submitting it. */
    public SlurmAllocations.NextScript nextScript(String id) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        try {
            return launches.nextScript(id).orElseThrow(() -> new ApiException(409, "study " + id + " has no"
                    + " launch: {slurm: ...} section; only Slurm allocations have a batch script"));
        } catch (LaunchException e) {
            throw new ApiException(409, "cannot write the batch script of study " + id + ": " + e.getMessage());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read study " + id + ": " + e.getMessage(), e);
        }
    }

    public StudySummary summary(String id) {
        StudySummaries.CountedStudy study = summaries.read(id).orElseThrow(() -> ApiException.notFound(id));
        return summarise(study.study(), study.counts());
    }

    /**
     * A page of study summaries, oldest first, after the study {@code after} (null: from the start).
     * An unknown {@code after} is a 400 naming the parameter, not an empty page that reads as "no more".
     */
    public List<StudySummary> summaries(String after, int limit) {
        StudyEntity cursor = after == null ? null : queries.study(after).orElseThrow(() -> new ApiException(400,
                "after: no study '" + after + "'; give the id of the last study of the previous page, or leave"
                        + " 'after' out for the first page"));
        List<StudyListing> studies = queries.studies(cursor, limit);
        Map<String, Map<RunState, Long>> counts = queries.counts(studies.stream().map(StudyListing::id).toList());
        return studies.stream().map(study -> summarise(study, counts.get(study.id()))).toList();
    }

    public List<RunView> runs(String id, Optional<RunState> state, long afterSeq, int limit) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        return queries.runs(id, state, afterSeq, limit).stream().map(StudyService::view).toList();
    }

    public StudySummary cancel(String id) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        try {
            loop.submit((connection, now) -> canceller.cancel(connection, id, now)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while cancelling study '" + id + "'; try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "cannot cancel study '" + id + "' right now (" + e.getMessage()
                    + "); this is transient, try again");
        }
        return summary(id);
    }

    /** Cancels one unfinished run; the study goes on. 404 for an unknown run, 409 for one that already ended. */
    public RunView cancelRun(String id, String runId) {
        queries.study(id).orElseThrow(() -> ApiException.notFound(id));
        AtomicReference<RunCanceller.Result> result = new AtomicReference<>();
        try {
            loop.submit((connection, now) -> {
                result.set(runCanceller.cancel(connection, id, runId, now));
                return result.get().changed();
            }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while cancelling run '" + runId + "'; try again");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "cannot cancel run '" + runId + "' right now (" + e.getMessage()
                    + "); this is transient, try again");
        }
        return switch (result.get().outcome()) {
            case UNKNOWN_RUN -> throw new ApiException(404, "study '" + id + "' has no run with id '" + runId
                    + "'; GET /studies/" + id + "/runs lists its runs");
            case ALREADY_ENDED -> throw new ApiException(409, "run '" + runId + "' already ended as "
                    + result.get().state() + "; only PENDING, DISPATCHED, RUNNING or RETRYING runs can be cancelled");
            case CANCELLED -> queries.runs(id, Optional.empty(), result.get().seq() - 1, 1).stream()
                    .map(StudyService::view).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run " + runId + " vanished after its cancel"));
        };
    }

    private StudySummary summarise(StudyListing study, Map<RunState, Long> counts) {
        Map<String, Long> byName = new LinkedHashMap<>();
        counts.forEach((state, count) -> byName.put(state.name(), count));
        Provenance provenance = new Provenance(study.sourceCommit(), study.sourceDirty(), study.clientDirectory(),
                study.clientUser());
        return new StudySummary(study.id(), study.name(), study.state().name(), study.submittedAt(),
                study.completedAt(), study.totalRuns(), byName, study.documentSha256(),
                SubmissionProvenance.of(provenance), study.error(), launches.status(study.id()).orElse(null));
    }

    private static RunView view(RunEntity run) {
        Map<String, Object> params = StoredJson.parameters(run.params, "run " + run.id);
        return new RunView(run.id, run.seq, run.state.name(), run.attempt, params, run.paramHash, run.exitCode,
                run.reason(), run.agentId, run.host, run.startedAt, run.endedAt, run.repetition, run.stage,
                run.parentRunId, new RunView.AttemptEnds(run.failureCount, run.lostCount, run.preemptedCount,
                        run.drainedCount), run.clientPointId, run.samplerRound, run.objectiveValue, run.cancelRequested);
    }

    /** Twelve lower-case hex digits: short enough to type, random enough not to collide in practice. */
    private static String newStudyId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
