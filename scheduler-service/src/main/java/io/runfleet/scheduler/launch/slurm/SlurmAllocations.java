package io.runfleet.scheduler.launch.slurm;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.launch.DaemonThreads;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.persistence.LaunchedStudies;
import io.runfleet.scheduler.persistence.LaunchedStudies.LaunchedStudy;
import io.runfleet.scheduler.persistence.StoredStudy;
import io.runfleet.scheduler.persistence.StudyStore;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The allocation manager of studies with {@code launch: {slurm: ...}} (docs/launchers.md, "Slurm allocations"). Every
 * {@code runfleet.launch.slurm.poll-interval}, on a thread of its own, it reads squeue and, per study, weighs demand
 * (unfinished runs whose timeout fits walltime less drainMargin) against supply (the run slots of its live
 * allocations, pending ones included): it submits one batch script per missing allocation within maxAllocations and
 * maxPendingAllocations, cancels pending allocations the demand no longer needs, and cancels the allocations of
 * studies that ended. Allocations are found by their comment, so a restarted scheduler adopts them. A failed sbatch
 * backs off (doubling) and, after {@code max-submit-failures} in a row, pauses the study's pool until resumed.
 */
@ApplicationScoped
public class SlurmAllocations {

    private static final Logger LOG = Logger.getLogger(SlurmAllocations.class);
    /** End states that count as a failed allocation: the agents could not run, or the node failed. */
    private static final Set<String> FAILED = Set.of("FAILED", "NODE_FAIL", "BOOT_FAIL", "OUT_OF_MEMORY");

    private final AgroalDataSource dataSource;
    private final LaunchConfig launchConfig;
    private final SlurmConfig config;
    private final LaunchPaths paths;
    private final SlurmScripts scripts;
    private final SlurmCommands commands;
    private final ArrayAllocations arrays;
    private final Map<String, StudyAllocations> studies = new ConcurrentHashMap<>();
    /** Live allocations seen at the last poll, by job id: one missing from the next poll has ended. */
    private Map<String, SlurmJob> tracked = new HashMap<>();
    private ScheduledExecutorService rounds;

    public SlurmAllocations(AgroalDataSource dataSource, LaunchConfig launchConfig, SlurmConfig config,
                            LaunchPaths paths, SlurmScripts scripts, SlurmCommands commands, ArrayAllocations arrays) {
        this.arrays = arrays;
        this.dataSource = dataSource;
        this.launchConfig = launchConfig;
        this.config = config;
        this.paths = paths;
        this.scripts = scripts;
        this.commands = commands;
    }

    void start(@Observes StartupEvent event) {
        if (!launchConfig.enabled()) {
            return;
        }
        rounds = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("slurm-allocations"));
        rounds.scheduleWithFixedDelay(this::reconcileSafely, 0, config.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Allocations outlive the scheduler: a restarted one finds them by their comment. */
    void stop(@Observes ShutdownEvent event) {
        if (rounds != null) {
            rounds.shutdownNow();
        }
    }

    /** Looks now rather than at the next poll: a study with a slurm launch section was just submitted. */
    public void wake() {
        if (rounds != null && !rounds.isShutdown()) {
            rounds.execute(this::reconcileSafely);
        }
    }

    public Optional<SlurmLaunchStatus> status(String studyId) {
        return Optional.ofNullable(studies.get(studyId)).map(StudyAllocations::status);
    }

    /**
     * Lets the study's pool submit again after it was paused, at once.
     *
     * @return false when this scheduler manages no Slurm allocations for the study
     */
    public boolean resume(String studyId) {
        StudyAllocations study = studies.get(studyId);
        if (study == null) {
            return false;
        }
        study.resume();
        LOG.infof("submitting allocations for study %s resumed", studyId);
        wake();
        return true;
    }

    /** The batch script of a study's next allocation as it would be submitted now: its text and its nodes. */
    public record NextScript(int nodes, String script) {
    }

    /**
     * The script the study's next allocation would get, sized by the runs waiting now; empty for a study without a
     * slurm launch section.
     */
    public Optional<NextScript> nextScript(String studyId) throws SQLException, LaunchException {
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredStudy> study = StudyStore.find(connection, studyId);
            if (study.isEmpty() || !(study.get().launch().orElse(null) instanceof Launch.Slurm spec)) {
                return Optional.empty();
            }
            Demand demand = Demand.of(study.get(), LaunchedStudies.unfinishedByStage(connection, studyId),
                    spec.longestRun());
            if (spec.mode() == Launch.Slurm.Mode.ARRAY) {
                return Optional.of(new NextScript(1, arrays.text(studyId, spec, demand.fitting())));
            }
            int perNode = spec.agentsPerNode() * spec.slots();
            int nodes = Math.min(spec.maxNodesPerAllocation(), Math.max(1, (demand.fitting() + perNode - 1) / perNode));
            return Optional.of(new NextScript(nodes, scripts.text(studyId, spec, nodes)));
        }
    }

    private synchronized void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException | SQLException e) {
            LOG.warnf(e, "allocation round failed, tried again in %d ms: %s", config.pollInterval().toMillis(),
                    e.getMessage());
        }
    }

    private void reconcile() throws SQLException {
        List<LaunchedStudy> active;
        try (Connection connection = dataSource.getConnection()) {
            active = LaunchedStudies.active(connection).stream()
                    .filter(study -> study.launch() instanceof Launch.Slurm).toList();
        }
        if (active.isEmpty() && tracked.isEmpty()) {
            return;
        }
        active.forEach(study -> studies.computeIfAbsent(study.id(), id -> new StudyAllocations()));
        List<SlurmJob> jobs;
        try {
            jobs = commands.squeue();
        } catch (LaunchException e) {
            // Without knowing what is queued, submitting could double the allocations: wait for the next poll.
            active.forEach(study -> studies.get(study.id()).error(e.getMessage()));
            LOG.warn(e.getMessage());
            return;
        }
        Map<String, List<SlurmJob>> byStudy = new HashMap<>();
        Map<String, SlurmJob> live = new HashMap<>();
        for (SlurmJob job : jobs) {
            Optional<String> study = AllocationNames.studyOf(job, paths.schedulerId());
            if (study.isPresent() && job.live()) {
                byStudy.computeIfAbsent(study.get(), id -> new ArrayList<>()).add(job);
                live.put(job.id(), job);
            }
        }
        for (String id : tracked.keySet()) {
            if (!live.containsKey(id)) {
                ended(tracked.get(id), jobs.stream().filter(job -> job.id().equals(id)).findFirst());
            }
        }
        tracked = live;
        Set<String> wanted = new HashSet<>();
        for (LaunchedStudy study : active) {
            if (study.workLeft()) {
                wanted.add(study.id());
                reconcile(study, byStudy.getOrDefault(study.id(), List.of()));
            } else {
                studies.get(study.id()).seen(List.of(), 0, 0, 0, 0, "no runs left: no allocation is wanted");
            }
        }
        byStudy.forEach((studyId, allocations) -> {
            if (!wanted.contains(studyId)) {
                allocations.forEach(job -> cancel(job, "study " + studyId + " has no runs left or ended"));
            }
        });
        studies.keySet().retainAll(active.stream().map(LaunchedStudy::id).toList());
    }

    private void reconcile(LaunchedStudy launched, List<SlurmJob> allocations) throws SQLException {
        Launch.Slurm spec = (Launch.Slurm) launched.launch();
        StudyAllocations state = studies.get(launched.id());
        Demand demand;
        try (Connection connection = dataSource.getConnection()) {
            Optional<StoredStudy> study = StudyStore.find(connection, launched.id());
            if (study.isEmpty()) {
                return;
            }
            demand = Demand.of(study.get(), LaunchedStudies.unfinishedByStage(connection, launched.id()),
                    spec.longestRun());
        }
        if (spec.mode() == Launch.Slurm.Mode.ARRAY) {
            arrays.reconcile(launched.id(), spec, state, demand, allocations);
            return;
        }
        int perNode = spec.agentsPerNode() * spec.slots();
        List<SlurmJob> live = new ArrayList<>(allocations);
        int supply = live.stream().mapToInt(job -> slots(job, spec, perNode)).sum();
        // The newest pending allocations go first: the older ones are nearer the head of the queue.
        List<SlurmJob> pending = live.stream().filter(SlurmJob::pending)
                .sorted((a, b) -> Long.compare(Long.parseLong(b.id().replaceAll("\\D", "")),
                        Long.parseLong(a.id().replaceAll("\\D", "")))).toList();
        for (SlurmJob job : pending) {
            int slots = Math.max(1, job.nodes()) * perNode;
            if (supply - slots >= demand.fitting()) {
                cancel(job, demand.fitting() == 0 ? "no run of the study fits or waits"
                        : "the other allocations have slots for the " + demand.fitting() + " runs left");
                supply -= slots;
                live.remove(job);
            }
        }
        String explanation = submit(launched.id(), spec, state, demand, live, supply, perNode);
        supply = tracked.values().stream().filter(job -> AllocationNames.studyOf(job, paths.schedulerId())
                .filter(launched.id()::equals).isPresent()).mapToInt(job -> slots(job, spec, perNode)).sum();
        List<SlurmLaunchStatus.Allocation> shown = tracked.values().stream()
                .filter(job -> AllocationNames.studyOf(job, paths.schedulerId()).filter(launched.id()::equals)
                        .isPresent())
                .map(job -> new SlurmLaunchStatus.Allocation(job.id(), job.state(), Math.max(1, job.nodes())))
                .toList();
        if (demand.neverFit() > 0) {
            explanation += "; " + demand.neverFit() + " runs have a timeout longer than walltime less drainMargin ("
                    + spec.longestRun().toSeconds() + " s): no allocation is submitted for them; raise walltime or"
                    + " lower their timeout";
        }
        state.seen(shown, demand.fitting(), demand.fitting(), supply, demand.neverFit(), explanation);
    }

    /** Submits while short of slots and within the limits; answers what was done, in one line. */
    private String submit(String studyId, Launch.Slurm spec, StudyAllocations state, Demand demand,
                          List<SlurmJob> live, int supply, int perNode) {
        int pendingCount = (int) live.stream().filter(SlurmJob::pending).count();
        int liveCount = live.size();
        int submittedNow = 0;
        while (supply < demand.fitting()) {
            if (state.paused()) {
                return paused(studyId, state);
            }
            if (state.backingOff(Instant.now())) {
                return "backing off after a failed submission until " + state.status().backoffUntil() + " (last: "
                        + state.status().lastError() + ")";
            }
            if (liveCount >= spec.maxAllocations()) {
                return "at maxAllocations (" + spec.maxAllocations() + "): " + liveCount + " allocations, "
                        + supply + " slots for " + demand.fitting() + " runs";
            }
            if (pendingCount >= spec.maxPendingAllocations()) {
                return "at maxPendingAllocations (" + spec.maxPendingAllocations() + "): waiting for Slurm to start"
                        + " them";
            }
            int nodes = Math.min(spec.maxNodesPerAllocation(),
                    Math.max(1, (demand.fitting() - supply + perNode - 1) / perNode));
            try {
                String jobId = commands.sbatch(scripts.write(studyId, spec, nodes));
                state.submittedOne();
                tracked.put(jobId, new SlurmJob(jobId, AllocationNames.jobName(studyId), "PENDING",
                        AllocationNames.comment(paths.schedulerId(), studyId), nodes, 0, 0));
                LOG.infof("submitted allocation %s of %d nodes for study %s (%d runs, %d slots before)", jobId,
                        nodes, studyId, demand.fitting(), supply);
                supply += nodes * perNode;
                liveCount++;
                pendingCount++;
                submittedNow++;
            } catch (LaunchException e) {
                state.failed(e.getMessage(), Instant.now(), config.backoff(), config.maxBackoff(),
                        config.maxSubmitFailures());
                LOG.warnf("sbatch for study %s failed (%d in a row%s): %s", studyId, state.consecutiveFailures(),
                        state.paused() ? ", its pool is paused" : "", e.getMessage());
                return state.paused() ? paused(studyId, state) : "sbatch failed, tried again after "
                        + state.status().backoffUntil() + ": " + e.getMessage();
            }
        }
        if (demand.fitting() == 0) {
            return "no run waits that fits an allocation";
        }
        return (submittedNow > 0 ? "submitted " + submittedNow + "; " : "") + supply + " slots in " + liveCount
                + " allocations for " + demand.fitting() + " runs";
    }

    private static String paused(String studyId, StudyAllocations state) {
        return "paused after " + state.consecutiveFailures() + " failed submissions or allocations in a row (last: "
                + state.status().lastError() + "); fix the cause, then POST /studies/" + studyId + "/launch/resume";
    }

    /**
     * An allocation that left the queue. One that ended FAILED (its script or agents exited non-zero: an agent
     * command that cannot start, a broken setup line) or lost its node counts as a failed submission of its study,
     * with the tail of its output as the error; one cancelled, preempted or completed does not.
     */
    private void ended(SlurmJob last, Optional<SlurmJob> now) {
        String studyId = AllocationNames.studyOf(last, paths.schedulerId()).orElse("?");
        String state = now.map(SlurmJob::state).orElse("state unknown: Slurm no longer knows it");
        LOG.infof("allocation %s of study %s ended (%s)", last.id(), studyId, state);
        StudyAllocations study = studies.get(studyId);
        if (study == null) {
            return;
        }
        if (now.isEmpty()) {
            study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), "UNKNOWN", Instant.now(),
                    "Slurm no longer knows it (ended more than MinJobAge ago); not counted", 0));
            return;
        }
        if (!FAILED.contains(state)) {
            study.endedWell();
            study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), state, Instant.now(),
                    "ended " + state + "; not counted as a failure", 0));
            return;
        }
        Path output = studyDir(paths, studyId).resolve("slurm-" + last.id() + ".out");
        String error = "allocation " + last.id() + " ended " + state + "; the end of " + output + ": "
                + OutputTail.of(output, 3);
        study.failed(error, Instant.now(), config.backoff(), config.maxBackoff(), config.maxSubmitFailures());
        study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), state, Instant.now(),
                "counted as a failed allocation: " + error, 0));
        LOG.warnf("allocation %s of study %s failed (%d in a row%s)", last.id(), studyId,
                study.consecutiveFailures(), study.paused() ? ", its pool is paused" : "");
    }

    /**
     * The run slots an allocation offers: none once it is draining (its agents take no new run after the walltime's
     * end less drainMargin), so that a later allocation is submitted for the runs left.
     */
    private static int slots(SlurmJob job, Launch.Slurm spec, int perNode) {
        boolean draining = !job.pending() && job.endTime() > 0
                && Instant.now().getEpochSecond() >= job.endTime() - spec.drainMargin().toSeconds();
        return draining ? 0 : Math.max(1, job.nodes()) * perNode;
    }

    private void cancel(SlurmJob job, String why) {
        try {
            commands.scancel(job.id());
            tracked.remove(job.id());
            LOG.infof("cancelled allocation %s (%s): %s", job.id(), job.state(), why);
        } catch (LaunchException e) {
            LOG.warn(e.getMessage());
        }
    }

    /** Where the batch scripts and the allocations' output of a study go. */
    static Path studyDir(LaunchPaths paths, String studyId) {
        return paths.dataDir().resolve("launch").resolve("slurm").resolve(studyId);
    }

    static void createDirectories(Path dir) throws LaunchException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchException("cannot create " + dir + ": " + e.getMessage() + "; check that the scheduler"
                    + " can write its data directory (runfleet.data-dir)", e);
        }
    }
}
