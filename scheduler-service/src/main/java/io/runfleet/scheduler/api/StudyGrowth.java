package io.runfleet.scheduler.api;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.dispatch.SchedulerLoop;
import io.runfleet.scheduler.dispatch.StudySlices;
import io.runfleet.scheduler.persistence.GrowthRefused;
import io.runfleet.scheduler.persistence.RunAppender;
import io.runfleet.scheduler.persistence.RunSlices;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.StoredJson;
import io.runfleet.scheduler.persistence.StudyEntity;
import io.runfleet.scheduler.persistence.StudyQueries;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyTransitions;
import io.runfleet.scheduler.study.ExtensionDocument;
import io.runfleet.scheduler.study.InvalidStudyException;
import io.runfleet.scheduler.study.ParametersDocument;
import io.runfleet.scheduler.study.Problem;
import io.runfleet.scheduler.study.StudyDocument;
import io.runfleet.scheduler.study.StudyReader;
import io.runfleet.scheduler.study.StudyValidator;
import io.runfleet.scheduler.study.TemplateDocument;
import io.runfleet.scheduler.study.ValidatedStudy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Growing a stored study and taking it up again (docs/study-format.md, "Growing a study"): extend it with more
 * points, repeat its parameter sets, resume the runs that did not succeed, start a dry run.
 */
@ApplicationScoped
public class StudyGrowth {

    private static final Logger LOG = Logger.getLogger(StudyGrowth.class);
    /** Extensions are validated as a study of their parameters alone; the template stays the study's. */
    private static final TemplateDocument NO_TEMPLATE =
            new TemplateDocument(null, null, null, null, "noop", null, null, null);
    private static final long LOOP_PATIENCE_SECONDS = 30;

    private final SchedulerConfig config;
    private final StudyQueries queries;
    private final RunAppender appender;
    private final SchedulerLoop loop;
    private final StudySlices slices;

    public StudyGrowth(SchedulerConfig config, StudyQueries queries, RunAppender appender, SchedulerLoop loop,
                       StudySlices slices) {
        this.config = config;
        this.queries = queries;
        this.appender = appender;
        this.loop = loop;
        this.slices = slices;
    }

    /** Appends a run per point of the extension's parameters, the study's template, outputs and policy unchanged. */
    public GrownStudy extend(String studyId, byte[] body, boolean yaml, boolean skipDuplicates) {
        StudyEntity study = growable(studyId);
        ValidatedStudy points = validateExtension(study, body, yaml);
        RunAppender.Appended appended;
        try {
            appended = appender.extend(studyId, points.space(), points.runCount(), skipDuplicates,
                    config.maxRunsPerStudy(), Instant.now());
        } catch (GrowthRefused e) {
            if (e.reason() == GrowthRefused.Reason.SIZE) {
                throw new InvalidExtensionException(List.of(new Problem("parameters", e.getMessage())));
            }
            throw refused(studyId, e);
        }
        loop.wake();
        LOG.infof("Study(id=%s) extended by %d runs from seq %d (%d skipped as already succeeded); now %s",
                studyId, appended.added(), appended.firstSeq(), appended.skipped(), appended.state());
        return grown(studyId, appended);
    }

    /** Appends {@code times} more runs of every parameter set of the study. */
    public GrownStudy repeat(String studyId, int times) {
        growable(studyId);
        RunAppender.Appended appended;
        try {
            appended = appender.repeat(studyId, times, config.maxRunsPerStudy(), Instant.now());
        } catch (GrowthRefused e) {
            if (e.reason() == GrowthRefused.Reason.SIZE) {
                throw new ApiException(400, "times=" + times + ": " + e.getMessage());
            }
            throw refused(studyId, e);
        }
        loop.wake();
        LOG.infof("Study(id=%s) repeated %d times: %d runs from seq %d; now %s", studyId, times, appended.added(),
                appended.firstSeq(), appended.state());
        return grown(studyId, appended);
    }

    /** CANCELLED, FAILED and TIMED_OUT runs back to PENDING, the study ACTIVE. */
    public ResumedStudy resume(String studyId) {
        queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        AtomicLong resumed = new AtomicLong();
        onLoop(studyId, "resume", (connection, now) -> {
            RunSlices.Slice first = StudyTransitions.resume(connection, studyId, now, StudySlices.SLICE);
            long rest = 0;
            if (first.count() == StudySlices.SLICE) {
                // a count, not a move: the loop resumes them a slice per round, serving other studies between
                rest = RunSlices.count(connection, studyId, RunState.RESUMABLE, first.lastSeq());
                slices.resuming(studyId, first.lastSeq());
            }
            resumed.set(first.count() + rest);
            return first.count() > 0;
        });
        StudyEntity study = queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        if (resumed.get() == 0) {
            throw new ApiException(409, "study '" + studyId + "' (" + study.state + ") has no CANCELLED, FAILED or "
                    + "TIMED_OUT run to resume; to run its parameter sets again, repeat it (POST /studies/"
                    + studyId + "/repeat)");
        }
        LOG.infof("Study(id=%s) resumed: %d runs pending again", studyId, resumed.get());
        return new ResumedStudy(studyId, study.state.name(), resumed.get());
    }

    /** A dry run's runs are dispatched from now on. */
    public void start(String studyId) {
        queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        onLoop(studyId, "start", (connection, now) -> {
            StudyTransitions.start(connection, studyId);
            return true;
        });
        LOG.infof("Study(id=%s) started: a dry run no more", studyId);
    }

    private StudyEntity growable(String studyId) {
        StudyEntity study = queries.study(studyId).orElseThrow(() -> ApiException.notFound(studyId));
        if (!RunAppender.GROWABLE.contains(study.state)) {
            throw refused(studyId, new GrowthRefused(GrowthRefused.Reason.STATE, study.state, "study '" + studyId
                    + "' is " + study.state + "; only an ACTIVE, COMPLETED or DRY_RUN study grows. Resume it first "
                    + "(POST /studies/" + studyId + "/resume) or submit a new study"));
        }
        return study;
    }

    private ValidatedStudy validateExtension(StudyEntity study, byte[] body, boolean yaml) {
        ExtensionDocument extension;
        ValidatedStudy points;
        try {
            extension = StudyReader.readExtension(StudyReader.text(body), yaml);
            if (extension.parameters() == null) {
                throw new InvalidExtensionException(List.of(new Problem("parameters", "missing; give the points to "
                        + "add as a parameters section in the study's format, e.g. parameters: {grid: {x: [5, 6]}}")));
            }
            points = validatePoints(study, extension.parameters());
            Set<String> missing = new TreeSet<>(studyParameters(study));
            missing.removeAll(points.space().iterator().next().keySet());
            Map<String, Object> constants = studyConstants(study);
            if (!missing.isEmpty() && constants.keySet().containsAll(missing)) {
                points = validatePoints(study, withConstants(extension.parameters(), constants, missing));
            }
        } catch (InvalidStudyException e) {
            throw new InvalidExtensionException(e.problems());
        }
        checkSameParameters(study, points);
        return points;
    }

    private ValidatedStudy validatePoints(StudyEntity study, ParametersDocument parameters) {
        return new StudyValidator(config.maxRunsPerStudy(), config.maxTemplateBytes(), false)
                .validate(new StudyDocument(study.name, parameters, NO_TEMPLATE, null, null, null, null));
    }

    /** The extension's parameters with the study's constants for the {@code names} it does not set. */
    private static ParametersDocument withConstants(ParametersDocument parameters, Map<String, Object> constants,
                                                    Set<String> names) {
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>();
        names.forEach(name -> merged.put(name, constants.get(name)));
        if (parameters.constants() != null) {
            merged.putAll(parameters.constants());
        }
        return new ParametersDocument(parameters.grid(), parameters.zip(), parameters.points(), parameters.csv(),
                parameters.csvFile(), parameters.space(), parameters.sample(), merged);
    }

    /** The study's constants, from its stored document; they apply to an extension's points too. */
    private static Map<String, Object> studyConstants(StudyEntity study) {
        boolean yaml = study.documentType != null ? StudyReader.isYaml(study.documentType)
                : !study.document.stripLeading().startsWith("{");
        StudyDocument document = StudyReader.read(study.document, yaml);
        return document.parameters() == null || document.parameters().constants() == null ? Map.of()
                : document.parameters().constants();
    }

    /**
     * Every point of a study sets the same parameters (the template names them, the results table has a column
     * each, the hash covers them all), so an extension must set exactly those.
     */
    private void checkSameParameters(StudyEntity study, ValidatedStudy points) {
        Set<String> studyNames = studyParameters(study);
        Set<String> extensionNames = new TreeSet<>(points.space().iterator().next().keySet());
        if (studyNames.equals(extensionNames)) {
            return;
        }
        Set<String> missing = new TreeSet<>(studyNames);
        missing.removeAll(extensionNames);
        Set<String> unknown = new TreeSet<>(extensionNames);
        unknown.removeAll(studyNames);
        throw new InvalidExtensionException(List.of(new Problem("parameters", "these points set "
                + String.join(", ", extensionNames) + " but the study's runs set " + String.join(", ", studyNames)
                + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                + (unknown.isEmpty() ? "" : "; not in the study: " + String.join(", ", unknown))
                + ". Give exactly the study's parameters (the study's constants are added to points that do not "
                + "set them)")));
    }

    private Set<String> studyParameters(StudyEntity study) {
        return queries.firstRun(study.id).map(run -> parameterNames(run.params)).orElse(Set.of());
    }

    private static Set<String> parameterNames(String paramsJson) {
        return new TreeSet<>(StoredJson.parameters(paramsJson, "a run").keySet());
    }

    private static GrownStudy grown(String studyId, RunAppender.Appended appended) {
        return new GrownStudy(studyId, appended.state().name(), appended.added(), appended.skipped(),
                appended.firstSeq(), appended.total());
    }

    private void onLoop(String studyId, String action, SchedulerLoop.TransactionalWork work) {
        try {
            loop.submit(work).get(LOOP_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted during " + action + " of study '" + studyId + "'; try again");
        } catch (ExecutionException e) {
            GrowthRefused refused = refusal(e);
            if (refused != null) {
                throw refused(studyId, refused);
            }
            throw new ApiException(503, "cannot " + action + " study '" + studyId + "' right now (" + e.getMessage()
                    + "); this is transient, try again");
        } catch (TimeoutException e) {
            throw new ApiException(503, "the " + action + " of study '" + studyId + "' did not finish within "
                    + LOOP_PATIENCE_SECONDS + " s; GET /studies/" + studyId + " shows whether it took effect");
        }
    }

    private static GrowthRefused refusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof GrowthRefused refused) {
                return refused;
            }
        }
        return null;
    }

    private static ApiException refused(String studyId, GrowthRefused e) {
        StudyState state = e.state();
        return state == null ? ApiException.notFound(studyId) : new ApiException(409, e.getMessage());
    }
}
