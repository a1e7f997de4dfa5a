package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StoredJson;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.persistence.UnreadableRow;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the runs to send: per ACTIVE study, up to maxParallel minus the runs it has in flight, PENDING or RETRYING
 * runs that are due, in seq order. Marks them DISPATCHED with a new attempt (the claim lease starts once the
 * transport hands the request over: {@link RequestHandOvers}); the caller commits
 * and only then publishes the returned requests, so a request never exists for a run the database does not show
 * as dispatched. Each study is dispatched on its own: a study whose stored rows cannot be read is left out (and
 * failed afterwards, {@link StudyFailures}), the others are dispatched as usual.
 */
@ApplicationScoped
public class Dispatcher {


    private final SchedulerConfig config;
    private final StudyCache studies;

    public Dispatcher(SchedulerConfig config, StudyCache studies) {
        this.config = config;
        this.studies = studies;
    }

    public List<RunRequest> dispatch(Connection connection, Instant now) throws SQLException {
        Map<String, Integer> inFlight = RunStore.inFlightByStudy(connection);
        List<RunRequest> requests = new ArrayList<>();
        List<RunRow> claimed = new ArrayList<>();
        for (String studyId : StudyStore.activeIds(connection)) {
            try {
                dispatchStudy(connection, studyId, inFlight.getOrDefault(studyId, 0), now, claimed, requests);
            } catch (UnreadableRow e) {
                // one study's damaged row must not stop the others: it fails (StudyFailures), the rest go on
                studies.reportUnreadable(studyId, e);
            }
        }
        RunStore.update(connection, claimed, now);
        return requests;
    }

    /** Claims the study's next runs; adds them and their requests only once all of them could be made. */
    private void dispatchStudy(Connection connection, String studyId, int inFlight, Instant now,
                               List<RunRow> claimed, List<RunRequest> requests) throws SQLException {
        Optional<StoredStudy> study = studies.get(connection, studyId);
        if (study.isEmpty()) {
            return;
        }
        int free = study.get().policy().maxParallel() - inFlight;
        if (free <= 0) {
            return;
        }
        List<RunRow> studyRuns = new ArrayList<>();
        List<RunRequest> studyRequests = new ArrayList<>();
        for (RunRow run : nextRuns(connection, studyId, now, free)) {
            run.startNextAttempt();
            studyRuns.add(run);
            studyRequests.add(request(study.get(), run));
        }
        claimed.addAll(studyRuns);
        requests.addAll(studyRequests);
    }

    /** The first {@code limit} due runs by seq among PENDING and RETRYING (each read in order from the index). */
    private static List<RunRow> nextRuns(Connection connection, String studyId, Instant now, int limit)
            throws SQLException {
        List<RunRow> candidates = new ArrayList<>(RunStore.ready(connection, studyId, RunState.PENDING, now, limit));
        candidates.addAll(RunStore.ready(connection, studyId, RunState.RETRYING, now, limit));
        candidates.sort(Comparator.comparingLong(RunRow::seq));
        return candidates.size() > limit ? candidates.subList(0, limit) : candidates;
    }

    /** The request for the run's current attempt, with its stage's spec. */
    RunRequest request(StoredStudy study, RunRow run) {
        Map<String, Object> params = StoredJson.parameters(run.params(), run.ref().toString());
        return new RunRequest(WireMessage.SCHEMA_VERSION, study.id(), run.id(), run.seq(), run.attempt(), params,
                run.paramHash(), study.spec(run.stageIndex()), config.heartbeatInterval().toMillis(),
                study.stageName(run.stageIndex()), run.parentRunId());
    }
}
