package io.runfleet.scheduler.launch.slurm;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.launch.DaemonThreads;
import io.runfleet.scheduler.launch.LaunchException;
import io.runfleet.scheduler.launch.LaunchPaths;
import io.runfleet.scheduler.persistence.HandedBackAttempts;
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
import java.util.LinkedHashMap;
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
 * The allocation manager of studies with {@code launch: {slurm: ...}} or {@code launch: {pool: NAME}}
 * (docs/launchers.md, "Slurm allocations"). Every {@code runfleet.launch.slurm.poll-interval}, on a thread of its own,
 * it reads squeue and, per pool (a named pool of the configuration, or a study's own {@code study-<id>}), weighs demand
 * (the unfinished runs of the pool's studies whose timeout fits walltime less drainMargin) against supply (the run
 * slots of its live allocations, pending ones included): it submits one batch script per missing allocation within
 * maxAllocations and maxPendingAllocations, cancels pending allocations the demand no longer needs, and cancels the
 * allocations of pools whose studies ended. Allocations are found by their comment, so a restarted scheduler adopts
 * them. A failed sbatch backs off (doubling) and, after {@code max-submit-failures} in a row, pauses the pool until
 * resumed; a pool is paused by command too.
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
    private final QueueSystems queues;
    private final SlurmPools namedPools;
    private final ArrayAllocations arrays;
    private final HandedBackAttempts handedBack;
    /** By pool name. */
    private final Map<String, StudyAllocations> pools = new ConcurrentHashMap<>();
    /** The pool of each active study with a Slurm launch, as the last round saw them. */
    private volatile Map<String, AllocationPool> poolOfStudy = Map.of();
    /** Live allocations seen at the last poll, by job id: one missing from the next poll has ended. */
    private Map<String, SlurmJob> tracked = new HashMap<>();
    /**
     * Whether the last round submitted anything. Such a job is not tracked yet (it was not in that round's squeue), so
     * the next round must look at the queue even when no study is active any more: a study cancelled between the two
     * would otherwise leave its new allocation or array queued until its agents' idle timeouts ran out.
     */
    private boolean submittedLastRound;
    /** The live allocations of each study after the last round, for readers off the manager's thread. */
    private volatile Map<String, List<SlurmJob>> lastSeen = Map.of();
    private ScheduledExecutorService rounds;

    public SlurmAllocations(AgroalDataSource dataSource, LaunchConfig launchConfig, SlurmConfig config,
                            LaunchPaths paths, SlurmScripts scripts, QueueSystems queues, SlurmPools namedPools,
                            HandedBackAttempts handedBack, ArrayAllocations arrays) {
        this.arrays = arrays;
        this.dataSource = dataSource;
        this.launchConfig = launchConfig;
        this.config = config;
        this.paths = paths;
        this.scripts = scripts;
        this.queues = queues;
        this.namedPools = namedPools;
        this.handedBack = handedBack;
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

    /** The studies this scheduler manages Slurm allocations for now: ACTIVE ones with a slurm launch or a pool. */
    public List<String> studies() {
        return List.copyOf(poolOfStudy.keySet());
    }

    /** The live allocations of the study's pool as the last round saw them, with their times (GET /allocations). */
    public List<SlurmJob> jobsOf(String studyId) {
        return Optional.ofNullable(poolOfStudy.get(studyId)).map(pool -> lastSeen.getOrDefault(pool.name(), List.of()))
                .orElse(List.of());
    }

    /** The status of the study's pool. */
    public Optional<SlurmLaunchStatus> status(String studyId) {
        return Optional.ofNullable(poolOfStudy.get(studyId)).map(pool -> pools.get(pool.name()))
                .map(StudyAllocations::status);
    }

    /**
     * Lets the study's pool submit again after it was paused, at once.
     *
     * @return false when this scheduler manages no Slurm allocations for the study
     */
    public boolean resume(String studyId) {
        AllocationPool pool = poolOfStudy.get(studyId);
        return pool != null && resumePool(pool.name()).isPresent();
    }

    /**
     * The status of a pool: a named pool of the configuration (accepted), or the own pool {@code study-<id>} of an
     * active study; empty for any other name.
     */
    public Optional<SlurmLaunchStatus> poolStatus(String pool) {
        return known(pool).map(StudyAllocations::status);
    }

    /** Stops the pool submitting until resumed (its allocations serve on); empty for an unknown pool. */
    public Optional<SlurmLaunchStatus> pause(String pool) {
        return command(pool, StudyAllocations::pause, "paused by command");
    }

    /** Lets the pool submit again at once, its failures forgotten; empty for an unknown pool. */
    public Optional<SlurmLaunchStatus> resumePool(String pool) {
        return command(pool, StudyAllocations::resume, "resumed");
    }

    private Optional<SlurmLaunchStatus> command(String pool, java.util.function.Consumer<StudyAllocations> action,
                                                String done) {
        Optional<StudyAllocations> state = known(pool);
        state.ifPresent(allocations -> {
            action.accept(allocations);
            LOG.infof("submitting allocations for pool %s %s", pool, done);
            wake();
        });
        return state.map(StudyAllocations::status);
    }

    private Optional<StudyAllocations> known(String pool) {
        Optional<Launch.Slurm> named = namedPools.pools().pool(pool);
        if (named.isPresent()) {
            return Optional.of(pools.computeIfAbsent(pool, name -> new StudyAllocations(name,
                    queues.describe(named.get()))));
        }
        return Optional.ofNullable(pools.get(pool));
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
            if (study.isEmpty() || !(study.get().launch().orElse(null) instanceof Launch.Slurm stored)) {
                return Optional.empty();
            }
            AllocationPool pool = AllocationPool.of(studyId, stored);
            Launch.Slurm spec = spec(pool, stored);
            List<String> studiesOfPool = new ArrayList<>(poolOfStudy.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(pool)).map(Map.Entry::getKey).toList());
            if (!studiesOfPool.contains(studyId)) {
                studiesOfPool.add(studyId);
            }
            Demand demand = PoolDemand.of(connection, studiesOfPool, spec.longestRun());
            if (spec.mode() == Launch.Slurm.Mode.ARRAY) {
                return Optional.of(new NextScript(1, arrays.text(pool, spec, demand.fitting())));
            }
            int perNode = spec.agentsPerNode() * spec.slots();
            int nodes = Math.min(spec.maxNodesPerAllocation(), Math.max(1, (demand.fitting() + perNode - 1) / perNode));
            return Optional.of(new NextScript(nodes, scripts.text(pool, spec, nodes)));
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
        Map<String, AllocationPool> studyPools = new HashMap<>();
        Map<AllocationPool, List<LaunchedStudy>> byPoolStudies = new LinkedHashMap<>();
        for (LaunchedStudy study : active) {
            AllocationPool pool = AllocationPool.of(study.id(), (Launch.Slurm) study.launch());
            studyPools.put(study.id(), pool);
            byPoolStudies.computeIfAbsent(pool, key -> new ArrayList<>()).add(study);
        }
        poolOfStudy = Map.copyOf(studyPools);
        Set<String> kept = new HashSet<>(namedPools.pools().names());
        byPoolStudies.keySet().forEach(pool -> kept.add(pool.name()));
        pools.keySet().retainAll(kept);
        if (active.isEmpty() && tracked.isEmpty() && !submittedLastRound) {
            return;
        }
        int submittedBefore = submissions();
        byPoolStudies.forEach((pool, studies) -> pools.computeIfAbsent(pool.name(), name -> new StudyAllocations(name,
                queues.describe(spec(pool, (Launch.Slurm) studies.get(0).launch())))));
        List<SlurmJob> jobs;
        try {
            jobs = queues.jobs(active.stream().map(study -> (Launch.Slurm) study.launch()).toList());
        } catch (LaunchException e) {
            // Without knowing what is queued, submitting could double the allocations: wait for the next poll.
            byPoolStudies.keySet().forEach(pool -> pools.get(pool.name()).error(e.getMessage()));
            LOG.warn(e.getMessage());
            return;
        }
        Map<String, List<SlurmJob>> byPool = new HashMap<>();
        Map<String, SlurmJob> live = new HashMap<>();
        for (SlurmJob job : jobs) {
            Optional<AllocationPool> pool = AllocationNames.poolOf(job, paths.schedulerId());
            if (pool.isPresent() && job.live()) {
                byPool.computeIfAbsent(pool.get().name(), name -> new ArrayList<>()).add(job);
                live.put(job.id(), job);
            }
        }
        Map<String, SlurmJob> stillTracked = new HashMap<>(live);
        for (String id : tracked.keySet()) {
            if (!live.containsKey(id)) {
                Optional<SlurmJob> now = jobs.stream().filter(job -> job.id().equals(id)).findFirst();
                if (now.filter(SlurmJob::completing).isPresent()) {
                    // its end state (CANCELLED, PREEMPTED, ...) shows once its processes are gone: looked at again
                    stillTracked.put(id, now.get());
                } else {
                    ended(tracked.get(id), now);
                }
            }
        }
        tracked = stillTracked;
        Set<String> wanted = new HashSet<>();
        for (Map.Entry<AllocationPool, List<LaunchedStudy>> entry : byPoolStudies.entrySet()) {
            AllocationPool pool = entry.getKey();
            List<String> withWork = entry.getValue().stream().filter(LaunchedStudy::workLeft).map(LaunchedStudy::id)
                    .toList();
            if (!withWork.isEmpty()) {
                wanted.add(pool.name());
                reconcile(pool, spec(pool, (Launch.Slurm) entry.getValue().get(0).launch()), withWork,
                        byPool.getOrDefault(pool.name(), List.of()));
            } else {
                pools.get(pool.name()).seen(List.of(), 0, 0, 0, 0, "no runs left: no allocation is wanted");
            }
        }
        byPool.forEach((pool, allocations) -> {
            if (!wanted.contains(pool)) {
                allocations.forEach(job -> cancel(job, AllocationNames.poolOf(job, paths.schedulerId())
                        .map(AllocationPool::describe).orElse(pool) + " has no runs left or ended"));
            }
        });
        Map<String, List<SlurmJob>> seen = new HashMap<>();
        tracked.values().forEach(job -> AllocationNames.poolOf(job, paths.schedulerId())
                .ifPresent(pool -> seen.computeIfAbsent(pool.name(), name -> new ArrayList<>()).add(job)));
        lastSeen = Map.copyOf(seen);
        submittedLastRound = submissions() > submittedBefore;
    }

    /** sbatch calls that worked, over the pools known now. */
    private int submissions() {
        return pools.values().stream().mapToInt(StudyAllocations::submitted).sum();
    }

    /** A named pool's section as configured now; a study's own section as stored. */
    private Launch.Slurm spec(AllocationPool pool, Launch.Slurm stored) {
        return pool.studyId().isPresent() ? stored : namedPools.pools().pool(pool.name()).orElse(stored);
    }

    private void reconcile(AllocationPool pool, Launch.Slurm spec, List<String> studyIds, List<SlurmJob> allocations)
            throws SQLException {
        StudyAllocations state = pools.get(pool.name());
        state.queueSystem(queues.describe(spec));
        Demand demand;
        try (Connection connection = dataSource.getConnection()) {
            demand = PoolDemand.of(connection, studyIds, spec.longestRun());
        }
        if (spec.mode() == Launch.Slurm.Mode.ARRAY) {
            arrays.reconcile(pool, spec, state, demand, allocations);
            return;
        }
        int perNode = spec.agentsPerNode() * spec.slots();
        List<SlurmJob> live = new ArrayList<>(allocations);
        int supply = live.stream().mapToInt(job -> slots(pool, job, spec, perNode)).sum();
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
        String explanation = submit(pool, spec, state, demand, live, supply, perNode);
        supply = tracked.values().stream().filter(job -> !job.completing())
                .filter(job -> AllocationNames.poolOf(job, paths.schedulerId()).filter(pool::equals).isPresent())
                .mapToInt(job -> slots(pool, job, spec, perNode)).sum();
        List<SlurmLaunchStatus.Allocation> shown = tracked.values().stream().filter(job -> !job.completing())
                .filter(job -> AllocationNames.poolOf(job, paths.schedulerId()).filter(pool::equals).isPresent())
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
    private String submit(AllocationPool pool, Launch.Slurm spec, StudyAllocations state, Demand demand,
                          List<SlurmJob> live, int supply, int perNode) {
        int pendingCount = (int) live.stream().filter(SlurmJob::pending).count();
        int liveCount = live.size();
        int submittedNow = 0;
        while (supply < demand.fitting()) {
            if (state.paused()) {
                return paused(pool, state);
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
                String jobId = queues.submit(spec, scripts.write(pool, spec, nodes));
                state.submittedOne();
                tracked.put(jobId, new SlurmJob(jobId, AllocationNames.jobName(pool), "PENDING",
                        AllocationNames.comment(paths.schedulerId(), pool), nodes, 0, 0));
                LOG.infof("submitted allocation %s of %d nodes for %s (%d runs, %d slots before)", jobId,
                        nodes, pool.describe(), demand.fitting(), supply);
                supply += nodes * perNode;
                liveCount++;
                pendingCount++;
                submittedNow++;
            } catch (LaunchException e) {
                state.failed(e.getMessage(), Instant.now(), config.backoff(), config.maxBackoff(),
                        config.maxSubmitFailures());
                LOG.warnf("sbatch for %s failed (%d in a row%s): %s", pool.describe(), state.consecutiveFailures(),
                        state.paused() ? ", its pool is paused" : "", e.getMessage());
                return state.paused() ? paused(pool, state) : "sbatch failed, tried again after "
                        + state.status().backoffUntil() + ": " + e.getMessage();
            }
        }
        if (demand.fitting() == 0) {
            return "no run waits that fits an allocation";
        }
        return (submittedNow > 0 ? "submitted " + submittedNow + "; " : "") + supply + " slots in " + liveCount
                + " allocations for " + demand.fitting() + " runs";
    }

    private static String paused(AllocationPool pool, StudyAllocations state) {
        if (state.pausedByCommand()) {
            return "paused by command (POST /pools/" + pool.name() + "/pause): no allocation is submitted; resume with "
                    + pool.resumeHint();
        }
        return "paused after " + state.consecutiveFailures() + " failed submissions or allocations in a row (last: "
                + state.status().lastError() + "); fix the cause, then " + pool.resumeHint();
    }

    /**
     * An allocation that left the queue. One that ended FAILED (its script or agents exited non-zero: an agent
     * command that cannot start, a broken setup line) or lost its node counts as a failed submission of its study,
     * with the tail of its output as the error; one cancelled, preempted or completed does not (preemption never pauses
     * a pool). Its reason says how many runs its agents handed back (preempted or drained, no retry used).
     */
    private void ended(SlurmJob last, Optional<SlurmJob> now) {
        Optional<AllocationPool> pool = AllocationNames.poolOf(last, paths.schedulerId());
        String state = now.map(SlurmJob::state).orElse("state unknown: Slurm no longer knows it");
        String label = pool.map(AllocationPool::label).orElse("?");
        String agents = AllocationNames.agentPrefix(label, last.id());
        HandedBackAttempts.Counts requeued = handedBack.of(agents);
        handedBack.forget(agents);
        LOG.infof("allocation %s of %s ended (%s); its agents handed back %d runs preempted, %d drained", last.id(),
                pool.map(AllocationPool::describe).orElse("?"), state, requeued.preempted(), requeued.drained());
        StudyAllocations study = pool.map(known -> pools.get(known.name())).orElse(null);
        if (study == null) {
            return;
        }
        String handBacks = EndReasons.requeued(requeued);
        if (now.isEmpty()) {
            study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), "UNKNOWN", Instant.now(),
                    "Slurm no longer knows it (ended more than MinJobAge ago), not counted: " + handBacks,
                    requeued.total()));
            return;
        }
        if (!FAILED.contains(state)) {
            study.endedWell();
            study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), state, Instant.now(),
                    EndReasons.endedWell(state) + ": " + handBacks, requeued.total()));
            return;
        }
        Path output = pool.get().dir(paths).resolve(queues.outputFile(last.id()));
        String error = "allocation " + last.id() + " ended " + state + "; the end of " + output + ": "
                + OutputTail.of(output, 3);
        study.failed(error, Instant.now(), config.backoff(), config.maxBackoff(), config.maxSubmitFailures());
        study.ended(new SlurmLaunchStatus.EndedAllocation(last.id(), state, Instant.now(),
                "counted as a failed allocation: " + error + "; " + handBacks, requeued.total()));
        LOG.warnf("allocation %s of %s failed (%d in a row%s)", last.id(), pool.get().describe(),
                study.consecutiveFailures(), study.paused() ? ", its pool is paused" : "");
    }

    /**
     * The run slots an allocation offers: none once it is draining, so that a later allocation is submitted for the
     * runs left: past its drain point (the walltime's end less drainMargin), or once one of its agents handed a run
     * back unfinished (drained: it did not fit before the agent's deadline, and that agent takes no more runs).
     */
    private int slots(AllocationPool pool, SlurmJob job, Launch.Slurm spec, int perNode) {
        boolean draining = !job.pending() && (job.endTime() > 0
                && Instant.now().getEpochSecond() >= job.endTime() - spec.drainMargin().toSeconds()
                || handedBack.of(AllocationNames.agentPrefix(pool.label(), job.id())).drained() > 0);
        return draining ? 0 : Math.max(1, job.nodes()) * perNode;
    }

    private void cancel(SlurmJob job, String why) {
        try {
            queues.cancel(job.id());
            tracked.remove(job.id());
            LOG.infof("cancelled allocation %s (%s): %s", job.id(), job.state(), why);
        } catch (LaunchException e) {
            LOG.warn(e.getMessage());
        }
    }

    /** Where the batch scripts and the allocations' output of a study go. */
    static Path studyDir(LaunchPaths paths, String studyId) {
        return AllocationPool.ofStudy(studyId).dir(paths);
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
