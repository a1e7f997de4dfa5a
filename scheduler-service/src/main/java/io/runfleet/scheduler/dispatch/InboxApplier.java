package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.HandedBackAttempts;
import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.wire.AgentReport;
import io.runfleet.wire.RunCompleted;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies a batch of agent reports, completion events and dead run requests to the runs they name, in arrival order, in the
 * caller's transaction. News about an attempt that is not the run's current one changes nothing. A run that
 * SUCCEEDED makes the runs of its study's next stage, if there is one, in the same transaction.
 */
@ApplicationScoped
public class InboxApplier {

    private static final Logger LOG = Logger.getLogger(InboxApplier.class);

    private final SchedulerConfig config;
    private final StudyCache studies;
    private final StudyCloser closer;
    private final CancelEcho cancelEcho;
    private final NextStageRuns nextStages;
    private final HandedBackAttempts handedBack;
    private final ObjectiveRecorder objectives;

    public InboxApplier(SchedulerConfig config, StudyCache studies, StudyCloser closer, CancelEcho cancelEcho,
                        NextStageRuns nextStages, HandedBackAttempts handedBack, ObjectiveRecorder objectives) {
        this.objectives = objectives;
        this.config = config;
        this.studies = studies;
        this.closer = closer;
        this.cancelEcho = cancelEcho;
        this.nextStages = nextStages;
        this.handedBack = handedBack;
    }

    /** @return whether any run changed (a slot may have come free) */
    public boolean apply(Connection connection, List<?> batch, Instant now) throws SQLException {
        Set<String> runIds = new HashSet<>();
        for (Object message : batch) {
            if (message instanceof AgentReport report) {
                report.runs().forEach(ref -> runIds.add(ref.runId()));
            } else if (message instanceof RunCompleted event) {
                runIds.add(event.runId());
            } else if (message instanceof RequestDeadLettered dead) {
                runIds.add(dead.ref().runId());
            }
        }
        Map<String, RunRow> runs = RunStore.byIds(connection, runIds);
        boolean changed = false;
        Set<String> studiesWithEndedRuns = new HashSet<>();
        Map<RunRow, RunCompleted> parents = new LinkedHashMap<>();
        Map<RunRow, RunCompleted> samplerResults = new LinkedHashMap<>();
        for (Object message : batch) {
            if (message instanceof AgentReport report) {
                for (RunRef ref : report.runs()) {
                    cancelEcho.onReport(runs.get(ref.runId()), ref, report);
                    RunRow run = current(runs, ref);
                    if (applyReport(connection, run, report, now)) {
                        changed = true;
                        endedIn(run, studiesWithEndedRuns);
                    }
                }
            } else if (message instanceof RequestDeadLettered dead) {
                RunRow run = current(runs, dead.ref());
                if (applyDeadRequest(run, dead, now)) {
                    changed = true;
                    endedIn(run, studiesWithEndedRuns);
                }
            } else if (message instanceof RunCompleted event) {
                RunRow run = current(runs, event.ref());
                if (applyCompletion(connection, run, event, now)) {
                    changed = true;
                    endedIn(run, studiesWithEndedRuns);
                    if (run.state() == RunState.SUCCEEDED) {
                        parents.put(run, event);
                    }
                    if (run.samplerPoint() != null) {
                        samplerResults.put(run, event);
                    }
                }
            }
        }
        RunStore.update(connection, runs.values(), now);
        // with the terminal state: the sampler reads each result's value exactly once (sampler_fed)
        objectives.record(connection, samplerResults);
        // in this transaction, before the studies are checked: a study never looks finished while runs are due
        changed |= nextStages.make(connection, parents, now);
        // at once rather than at the next lease sweep: whoever waits for the study (CLI, sampler) hears of its end
        // within a commit instead of up to a sweep interval later
        closer.closeFinished(connection, studiesWithEndedRuns, now);
        return changed;
    }

    /** A run that ended may have ended its study: checked in this transaction. */
    private static void endedIn(RunRow run, Set<String> studiesWithEndedRuns) {
        if (run.state().isTerminal()) {
            studiesWithEndedRuns.add(run.studyId());
        }
    }

    private static boolean applyDeadRequest(RunRow run, RequestDeadLettered dead, Instant now) {
        if (run == null) {
            return false;
        }
        if (!RunLifecycle.requestDeadLettered(run, dead.reason(), now)) {
            LOG.infof("%s: its request was dead-lettered, but the run is %s already; left as it is", run.ref(),
                    run.state());
            return false;
        }
        LOG.warnf("%s FAILED: %s", run.ref(), dead.reason());
        return true;
    }

    private static RunRow current(Map<String, RunRow> runs, RunRef ref) {
        RunRow run = runs.get(ref.runId());
        if (run == null) {
            LOG.debugf("ignoring news about unknown %s", ref);
            return null;
        }
        if (!run.isCurrent(ref.attempt())) {
            LOG.debugf("ignoring news about %s: the current attempt is %d", ref, run.attempt());
            return null;
        }
        return run;
    }

    private boolean applyReport(Connection connection, RunRow run, AgentReport report, Instant now)
            throws SQLException {
        if (run == null) {
            return false;
        }
        boolean changed = switch (report.kind()) {
            case STARTED -> RunLifecycle.started(run, report, now, config.leaseDuration());
            case HEARTBEAT -> RunLifecycle.heartbeat(run, report, now, config.leaseDuration());
            case RELEASED -> RunLifecycle.released(run);
            case INTERRUPTED -> RunLifecycle.interrupted(run);
            case RESULT_REFUSED -> RunLifecycle.resultRefused(run, report.reason(), now);
            case RESULT_UNDELIVERABLE -> {
                Optional<StoredStudy> study = studies.get(connection, run.studyId());
                yield study.isPresent()
                        && RunLifecycle.resultUndeliverable(run, report.reason(), study.get().policy(run.stageIndex()),
                                now);
            }
        };
        if (!changed) {
            LOG.debugf("%s: %s does not apply in state %s", run.ref(), report.kind(), run.state());
        } else if (report.kind() == AgentReport.Kind.RELEASED) {
            handedBack.record(report.agentId(), run.id(), run.attempt(), false);
            LOG.infof("%s released by agent %s (%s); pending again (drained)", run.ref(), report.agentId(),
                    report.reason());
        } else if (report.kind() == AgentReport.Kind.INTERRUPTED) {
            handedBack.record(report.agentId(), run.id(), run.attempt(), true);
            LOG.infof("%s interrupted on agent %s (%s); pending again (preempted)", run.ref(), report.agentId(),
                    report.reason());
        } else if (report.kind() != AgentReport.Kind.STARTED && report.kind() != AgentReport.Kind.HEARTBEAT) {
            LOG.warnf("%s: agent %s reports %s; the run is %s: %s", run.ref(), report.agentId(), report.kind(),
                    run.state(), run.error());
        }
        return changed && report.kind() != AgentReport.Kind.HEARTBEAT;
    }

    private boolean applyCompletion(Connection connection, RunRow run, RunCompleted event, Instant now)
            throws SQLException {
        if (run == null) {
            return false;
        }
        Optional<StoredStudy> study = studies.get(connection, run.studyId());
        if (study.isEmpty()) {
            return false;
        }
        if (!RunLifecycle.completed(run, event, study.get().policy(run.stageIndex()), now)) {
            LOG.debugf("%s: %s result does not apply in state %s (duplicate)", run.ref(), event.outcome(), run.state());
            return false;
        }
        LOG.debugf("%s: %s -> %s", run.ref(), event.outcome(), run.state());
        return true;
    }
}
