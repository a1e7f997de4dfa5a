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
 * failed afterwards, {@link StudyFailures}), the others are dispatched as usual. No more runs are claimed than the
 * transport's request buffer has room for ({@link RequestBuffer}): the others stay PENDING for a later round, which
 * starts with the study the room ran out on, so that one large study cannot keep the others waiting.
 */
@ApplicationScoped
public class Dispatcher {

    private final SchedulerConfig config;
    private final StudyCache studies;
    private final RequestBuffer buffer;
    /** The study the request buffer ran out on in an earlier round; the next round starts with it. Loop only. */
    private String startWith;

    public Dispatcher(SchedulerConfig config, StudyCache studies, RequestBuffer buffer) {
        this.config = config;
        this.studies = studies;
        this.buffer = buffer;
    }

    public List<RunRequest> dispatch(Connection connection, Instant now) throws SQLException {
        Map<String, Integer> inFlight = RunStore.inFlightByStudy(connection);
        List<RunRequest> requests = new ArrayList<>();
        List<RunRow> claimed = new ArrayList<>();
        int room = buffer.room();
        String ranOutOn = null;
        for (String studyId : startingWith(StudyStore.activeIds(connection), startWith)) {
            try {
                Optional<StoredStudy> study = studies.get(connection, studyId);
                int free = study.map(found -> found.policy().maxParallel()).orElse(0)
                        - inFlight.getOrDefault(studyId, 0);
                if (free <= 0) {
                    continue;
                }
                int limit = Math.min(free, room - requests.size());
                if (limit <= 0) {
                    ranOutOn = studyId;
                    break;
                }
                if (dispatchStudy(connection, study.get(), limit, now, claimed, requests) == limit && limit < free) {
                    ranOutOn = studyId; // it has more due runs than fitted
                    break;
                }
            } catch (UnreadableRow e) {
                // one study's damaged row must not stop the others: it fails (StudyFailures), the rest go on
                studies.reportUnreadable(studyId, e);
            }
        }
        startWith = ranOutOn;
        if (ranOutOn != null) {
            buffer.leftRunsWaiting();
        } else {
            buffer.fitEveryRun();
        }
        RunStore.update(connection, claimed, now);
        return requests;
    }

    /** {@code ids} from {@code first} on, then those before it; as they are when {@code first} is null or gone. */
    static List<String> startingWith(List<String> ids, String first) {
        int start = first == null ? -1 : ids.indexOf(first);
        if (start <= 0) {
            return ids;
        }
        List<String> rotated = new ArrayList<>(ids.subList(start, ids.size()));
        rotated.addAll(ids.subList(0, start));
        return rotated;
    }

    /**
     * Claims up to {@code limit} of the study's next runs; adds them and their requests only once all of them could
     * be made. Returns how many it claimed.
     */
    private int dispatchStudy(Connection connection, StoredStudy study, int limit, Instant now,
                              List<RunRow> claimed, List<RunRequest> requests) throws SQLException {
        List<RunRow> studyRuns = new ArrayList<>();
        List<RunRequest> studyRequests = new ArrayList<>();
        for (RunRow run : nextRuns(connection, study.id(), now, limit)) {
            run.startNextAttempt();
            studyRuns.add(run);
            studyRequests.add(request(study, run));
        }
        claimed.addAll(studyRuns);
        requests.addAll(studyRequests);
        return studyRuns.size();
    }

    /** The first {@code limit} due runs by seq among PENDING and RETRYING (each read in order from the index). */
    private static List<RunRow> nextRuns(Connection connection, String studyId, Instant now, int limit)
            throws SQLException {
        List<RunRow> candidates = new ArrayList<>(RunStore.ready(connection, studyId, RunState.PENDING, now, limit));
        candidates.addAll(RunStore.ready(connection, studyId, RunState.RETRYING, now, limit));
        candidates.sort(Comparator.comparingLong(RunRow::seq));
        return candidates.size() > limit ? candidates.subList(0, limit) : candidates;
    }

    /** The request for the run's current attempt, with its stage's spec and its study's pool. */
    RunRequest request(StoredStudy study, RunRow run) {
        Map<String, Object> params = StoredJson.parameters(run.params(), run.ref().toString());
        return new RunRequest(WireMessage.SCHEMA_VERSION, study.id(), run.id(), run.seq(), run.attempt(), params,
                run.paramHash(), study.spec(run.stageIndex()), config.heartbeatInterval().toMillis(),
                study.stageName(run.stageIndex()), run.parentRunId(), study.pool().orElse(null), run.samplerPoint());
    }
}
