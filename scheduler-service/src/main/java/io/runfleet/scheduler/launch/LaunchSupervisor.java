package io.runfleet.scheduler.launch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.config.LaunchConfig;
import io.runfleet.scheduler.launch.slurm.SlurmAllocations;
import io.runfleet.scheduler.persistence.LaunchedStudies;
import io.runfleet.scheduler.persistence.LaunchedStudies.LaunchedStudy;
import io.runfleet.scheduler.study.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the agents of studies with a {@code launch} section running (docs/launchers.md). Every
 * {@code runfleet.launch.reconcile-interval}, on a thread of its own (never the scheduler loop's), it compares what
 * the launchers find with what the studies want: for an ACTIVE study with runs left it starts the agents missing,
 * replacing dead ones up to {@code runfleet.launch.max-replacements}; it stops the agents of studies that ended. At
 * start the same round adopts the agents a previous process of this scheduler left running, instead of starting new
 * ones. Stopping waits for agents to finish their runs, on threads of its own, so that one slow agent holds up no round.
 */
@ApplicationScoped
public class LaunchSupervisor {

    private static final Logger LOG = Logger.getLogger(LaunchSupervisor.class);

    private final AgroalDataSource dataSource;
    private final LaunchConfig config;
    private final LaunchPaths paths;
    private final AgentLaunches launches;
    private final Map<String, Launcher> launchers;
    private final SlurmAllocations allocations;
    private final Map<String, StudyLaunch> studies = new ConcurrentHashMap<>();
    /** Agents being stopped now, by id: a later round does not stop them again. */
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** Until the first round has looked: that round adopts what an earlier process of this scheduler left running. */
    private boolean adopting = true;
    private final ListedKinds listedKinds;
    private ScheduledExecutorService rounds;
    private ExecutorService stops;

    public LaunchSupervisor(AgroalDataSource dataSource, LaunchConfig config, LaunchPaths paths,
                            AgentLaunches launches, Instance<Launcher> launchers, SlurmAllocations allocations) {
        this.dataSource = dataSource;
        this.allocations = allocations;
        this.config = config;
        this.paths = paths;
        this.launches = launches;
        this.launchers = launchers.stream().collect(Collectors.toMap(Launcher::kind, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("two launchers serve kind " + a.kind() + ": " + a + ", " + b);
                }));
        this.listedKinds = new ListedKinds(this.launchers.keySet());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("launching agents is off (runfleet.launch.enabled=false): studies with a launch section are"
                    + " refused");
            return;
        }
        rounds = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("launch-supervisor"));
        stops = Executors.newCachedThreadPool(DaemonThreads.named("launch-stop"));
        long interval = config.reconcileInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::reconcileSafely, 0, interval, TimeUnit.MILLISECONDS);
        LOG.infof("launching agents as scheduler %s with launchers %s; data in %s", paths.schedulerId(),
                launchers.keySet(), paths.dataDir());
    }

    /** Launched agents keep running when the scheduler stops: a restarted scheduler adopts them. */
    void stop(@Observes ShutdownEvent event) {
        if (rounds != null) {
            rounds.shutdownNow();
            stops.shutdownNow();
        }
    }

    /** Starts a round now rather than at the next interval: a study with a launch section was just submitted. */
    public void wake() {
        if (rounds != null && !rounds.isShutdown()) {
            rounds.execute(this::reconcileSafely);
        }
        allocations.wake();
    }

    /**
     * Lets a study's pool submit allocations again after it was paused.
     *
     * @return false when the study has no Slurm allocations managed by this scheduler
     */
    public boolean resume(String studyId) {
        return allocations.resume(studyId);
    }

    /** The batch script a Slurm study's next allocation would get; empty for a study of another kind. */
    public Optional<SlurmAllocations.NextScript> nextScript(String studyId) throws SQLException, LaunchException {
        return allocations.nextScript(studyId);
    }

    /**
     * The study has runs to do again (resumed, extended, repeated or started): its agents are counted afresh, with the
     * whole replacement limit, since the cause of earlier deaths may have been fixed; a round starts now.
     */
    public void reactivated(String studyId) {
        StudyLaunch study = studies.get(studyId);
        if (study != null) {
            study.reactivated();
        }
        wake();
    }

    /** What is done about the study's agents; empty for a study without a launch section this process has seen. */
    public Optional<LaunchStatus> status(String studyId) {
        StudyLaunch study = studies.get(studyId);
        if (study == null) {
            return Optional.empty();
        }
        LaunchStatus status = study.status(limit(study.spec()));
        return Optional.of(study.spec() instanceof Launch.Slurm
                ? status.withSlurm(allocations.status(studyId).orElse(null)) : status);
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException | SQLException e) {
            LOG.warnf(e, "launch round failed, tried again in %d ms: %s", config.reconcileInterval().toMillis(),
                    e.getMessage());
        }
    }

    private void reconcile() throws SQLException {
        List<LaunchedStudy> active;
        try (Connection connection = dataSource.getConnection()) {
            active = LaunchedStudies.active(connection);
        }
        Map<String, LaunchedStudy> byId = new HashMap<>();
        for (LaunchedStudy study : active) {
            byId.put(study.id(), study);
            studies.computeIfAbsent(study.id(), id -> new StudyLaunch(id, study.launch()));
        }
        Map<String, List<String>> running = new HashMap<>();
        Set<String> unavailable = new HashSet<>();
        Set<String> activeKinds = active.stream().map(study -> LaunchKind.of(study.launch()))
                .collect(Collectors.toSet());
        for (Launcher launcher : launchers.values()) {
            if (!listedKinds.shouldList(launcher.kind(), activeKinds)) {
                continue;
            }
            List<LaunchedAgent> found;
            try {
                found = launcher.find(paths.schedulerId());
            } catch (LaunchException e) {
                // Without knowing what runs, starting more could double the agents: this kind waits for a later round.
                unavailable.add(launcher.kind());
                int inARow = listedKinds.failed(launcher.kind());
                if (ListedKinds.worthWarning(inARow)) {
                    LOG.warnf("cannot list the %s agents (%d failures in a row; tried again in %d s, or at once"
                                    + " when a study of the kind is active): %s", launcher.kind(), inARow,
                            config.reconcileInterval().multipliedBy(ListedKinds.roundsBetweenRetries(inARow))
                                    .toSeconds(), e.getMessage());
                }
                continue;
            }
            listedKinds.listed(launcher.kind(), found.size(), activeKinds);
            for (LaunchedAgent agent : found) {
                LaunchedStudy study = byId.get(agent.studyId());
                boolean wanted = study != null && study.workLeft();
                if (!agent.running()) {
                    ended(launcher, agent, wanted);
                    continue;
                }
                running.computeIfAbsent(agent.studyId(), id -> new ArrayList<>()).add(agent.agentId());
                if (!wanted) {
                    stopInBackground(launcher, agent);
                }
            }
        }
        if (adopting) {
            adopting = false;
            List<List<String>> adopted = active.stream().map(study -> running.get(study.id()))
                    .filter(agents -> agents != null).toList();
            LOG.infof("adopted %d running agents of %d active studies, started by an earlier process of scheduler %s",
                    adopted.stream().mapToInt(List::size).sum(), adopted.size(), paths.schedulerId());
        }
        studies.forEach((id, state) -> state.running(running.getOrDefault(id, List.of())));
        for (LaunchedStudy study : active) {
            StudyLaunch state = studies.get(study.id());
            List<String> agents = running.getOrDefault(study.id(), List.of());
            String kind = LaunchKind.of(study.launch());
            if (!study.workLeft() || unavailable.contains(kind) || LaunchKind.SLURM.equals(kind)) {
                // a Slurm study's agents come in allocations, which SlurmAllocations submits
                continue;
            }
            Launcher launcher = launchers.get(kind);
            if (launcher == null) {
                state.error("no launcher of kind " + kind + " in this scheduler (it has " + launchers.keySet()
                        + "); change the study's launch section or start agents for pool "
                        + Launch.poolOf(study.id()) + " yourself");
                continue;
            }
            startMissing(launcher, study, state, agents.size());
        }
    }

    /** An agent that is no longer running: a death while its study had work left, else a clean end. */
    private void ended(Launcher launcher, LaunchedAgent agent, boolean wanted) {
        if (!stopping.add(agent.agentId())) {
            return;
        }
        try {
            boolean clean = agent.exitCode().map(code -> code == 0).orElse(false);
            StudyLaunch state = studies.get(agent.studyId());
            if (wanted && !clean && state != null) {
                String why = "agent " + agent.agentId() + " (" + agent.handle() + ") "
                        + agent.exitCode().map(code -> "exited with " + code).orElse("is gone")
                        + " while runs were left; see " + paths.agentLogDir().resolve(agent.agentId() + ".log");
                state.died(why);
                LOG.warn(why);
            } else {
                LOG.infof("agent %s of study %s ended%s", agent.agentId(), agent.studyId(),
                        agent.exitCode().map(code -> " with " + code).orElse(""));
            }
            launcher.stop(agent, Duration.ZERO);
        } catch (LaunchException e) {
            LOG.warnf("cannot clean up after agent %s: %s", agent.agentId(), e.getMessage());
        } finally {
            stopping.remove(agent.agentId());
        }
    }

    private void stopInBackground(Launcher launcher, LaunchedAgent agent) {
        if (!stopping.add(agent.agentId())) {
            return;
        }
        LOG.infof("stopping agent %s: study %s has no runs left or ended", agent.agentId(), agent.studyId());
        stops.execute(() -> {
            try {
                launcher.stop(agent, config.stopGrace());
            } catch (LaunchException | RuntimeException e) {
                if (stops.isShutdown()) {
                    LOG.infof("the scheduler stops before agent %s did; it is stopped at the scheduler's next start, or"
                            + " exits once idle", agent.agentId());
                } else {
                    LOG.warnf("cannot stop agent %s: %s", agent.agentId(), e.getMessage());
                }
            } finally {
                stopping.remove(agent.agentId());
            }
        });
    }

    private void startMissing(Launcher launcher, LaunchedStudy study, StudyLaunch state, int running) {
        int limit = limit(study.launch());
        for (int i = running; i < study.launch().agents(); i++) {
            if (!state.mayStart(limit)) {
                String why = state.died() + " agents of study " + study.id() + " died or could not start while runs"
                        + " were left, and " + state.replaced() + " were replaced, the limit"
                        + " (runfleet.launch.max-replacements); no more are started. Last: " + state.status(limit)
                        .lastError() + ". Fix the cause, then cancel and resume the study or raise the limit";
                if (state.stopReplacing(why)) {
                    LOG.warn(why);
                }
                return;
            }
            String agentId = newAgentId(study.id());
            try {
                launcher.start(launches.of(study.id(), agentId, study.launch()));
                state.started();
            } catch (LaunchException | RuntimeException e) {
                String why = "cannot start agent " + agentId + " for study " + study.id() + ": " + e.getMessage();
                state.couldNotStart(why);
                LOG.warn(why);
                return;
            }
        }
    }

    private int limit(Launch launch) {
        return config.maxReplacements().orElse(3 * launch.agents());
    }

    /** Unique among the scheduler's agents, also across restarts, and short enough for the wire. */
    private static String newAgentId(String studyId) {
        return studyId + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    }
}
