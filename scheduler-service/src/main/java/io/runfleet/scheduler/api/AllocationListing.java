package io.runfleet.scheduler.api;

import io.agroal.api.AgroalDataSource;
import io.runfleet.scheduler.launch.slurm.SlurmAllocations;
import io.runfleet.scheduler.launch.slurm.SlurmJob;
import io.runfleet.scheduler.launch.slurm.SlurmLaunchStatus;
import io.runfleet.scheduler.persistence.AgentActivity;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyState;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /allocations}: the Slurm allocations of every study this scheduler manages them for (ACTIVE with a
 * slurm launch section), or of one study, from the allocation manager's last round and the agents the run table
 * knows.
 */
@ApplicationScoped
public class AllocationListing {

    private final AgroalDataSource dataSource;
    private final SlurmAllocations allocations;

    public AllocationListing(AgroalDataSource dataSource, SlurmAllocations allocations) {
        this.dataSource = dataSource;
        this.allocations = allocations;
    }

    /** Every managed study's allocations, or {@code studyId}'s alone (404 unknown, 409 without a slurm section). */
    public List<StudyAllocationsView> list(Optional<String> studyId) {
        List<AgentActivity.Agent> agents = AgentActivity.all();
        List<StudyAllocationsView> views = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            if (studyId.isPresent()) {
                StoredStudy study = StudyStore.find(connection, studyId.get())
                        .orElseThrow(() -> ApiException.notFound(studyId.get()));
                if (!(study.launch().orElse(null) instanceof Launch.Slurm)) {
                    throw new ApiException(409, "study " + study.id() + " has no launch: {slurm: ...} section: it"
                            + " has no allocations; leave out study to list those of every study");
                }
                views.add(view(study, agents, Instant.now()));
            } else {
                for (String id : allocations.studies()) {
                    Optional<StoredStudy> study = StudyStore.find(connection, id);
                    if (study.isPresent() && study.get().launch().orElse(null) instanceof Launch.Slurm) {
                        views.add(view(study.get(), agents, Instant.now()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the studies: " + e.getMessage(), e);
        }
        return views;
    }

    private StudyAllocationsView view(StoredStudy study, List<AgentActivity.Agent> agents, Instant now) {
        Launch.Slurm spec = (Launch.Slurm) study.launch().orElseThrow();
        String pool = poolOf(study.id(), spec);
        List<StudyAllocationsView.Allocation> live = allocations.jobsOf(study.id()).stream()
                .map(job -> allocation(study.id(), job, agents, spec.drainMargin(), now)).toList();
        Optional<SlurmLaunchStatus> status = allocations.status(study.id());
        if (status.isEmpty()) {
            String why = study.state() == StudyState.ACTIVE
                    ? "the allocation manager has not looked at the study yet (it does every poll interval)"
                    : "the study is " + study.state() + ": allocations are managed only for ACTIVE studies with runs"
                            + " left";
            return new StudyAllocationsView(study.id(), study.state().name(), pool, live, why, false, null, 0, null,
                    0, 0, 0, 0, List.of());
        }
        SlurmLaunchStatus slurm = status.get();
        return new StudyAllocationsView(study.id(), study.state().name(), pool, live, slurm.explanation(),
                slurm.paused(), slurm.backoffUntil(), slurm.consecutiveFailures(), slurm.lastError(),
                slurm.runsWaiting(), slurm.runsThatNeverFit(), slurm.slotsWanted(), slurm.slotsSupplied(),
                slurm.ended());
    }

    /** The pool a study's allocations serve: its named pool, else the study's own. */
    static String poolOf(String studyId, Launch.Slurm spec) {
        return spec.pool().orElse(Launch.poolOf(studyId));
    }

    static StudyAllocationsView.Allocation allocation(String studyId, SlurmJob job, List<AgentActivity.Agent> agents,
                                                      Duration drainMargin, Instant now) {
        String prefix = studyId + "-" + job.id() + "-";
        int registered = (int) agents.stream().filter(agent -> agent.id().startsWith(prefix)).count();
        Instant start = job.startTime() > 0 ? Instant.ofEpochSecond(job.startTime()) : null;
        Instant end = job.endTime() > 0 ? Instant.ofEpochSecond(job.endTime()) : null;
        return new StudyAllocationsView.Allocation(job.id(), job.state(), Math.max(1, job.nodes()), registered,
                job.pending() ? null : start, end, reason(job, registered, end, drainMargin, now));
    }

    /** What a live allocation does now, in a few words. */
    static String reason(SlurmJob job, int registered, Instant end, Duration drainMargin, Instant now) {
        if (job.pending()) {
            return "waiting in the queue for " + Math.max(1, job.nodes()) + " node(s)"
                    + (end == null ? "" : "; expected to end by " + end);
        }
        if (!"RUNNING".equals(job.state())) {
            return job.state().toLowerCase(java.util.Locale.ROOT);
        }
        if (end != null && !now.isBefore(end.minus(drainMargin))) {
            return "draining: its agents take no new run since " + end.minus(drainMargin) + "; it ends by " + end;
        }
        String agents = registered == 0 ? "no agent of it has taken a run yet"
                : registered + " agent(s) have taken runs";
        return "running; " + agents + (end == null ? "" : "; takes runs until " + end.minus(drainMargin));
    }
}
