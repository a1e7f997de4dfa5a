package io.runfleet.scheduler.dispatch;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.runfleet.scheduler.persistence.SamplerHistory;
import io.runfleet.scheduler.persistence.SamplerRuns;
import io.runfleet.scheduler.persistence.SamplerState;
import io.runfleet.scheduler.persistence.SamplerStore;
import io.runfleet.scheduler.persistence.StoredSampler;
import io.runfleet.scheduler.sampling.adaptive.Hyperparameters;
import io.runfleet.scheduler.sampling.adaptive.Observation;
import io.runfleet.scheduler.sampling.adaptive.Proposal;
import io.runfleet.scheduler.study.SamplerSection;
import io.runfleet.wire.failure.VitalThread;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The built-in sampler's loop ({@code sampler.kind: adaptive}, docs/study-format.md, "The adaptive sampler"): each
 * time runs change it refits the model of every open adaptive study to its results and proposes points up to
 * {@code inFlight}, the runs in flight treated as pending so that no two coincide; it stops a study on its target or
 * stagnation. It holds no state a restart would lose: every round reads the study's runs from the database, and a
 * result is marked fed ({@code sampler_fed}) in the transaction that adds the points it led to, so each one is fed
 * once. The model is fitted on this thread, never on the scheduler loop's: a refit at hundreds of results takes
 * longer than a commit round should; the new runs are then added on the loop, which checks the room again.
 */
@ApplicationScoped
public class AdaptiveLoop {

    private static final Logger LOG = Logger.getLogger(AdaptiveLoop.class);
    /** How often it looks without a wake-up: for studies that arrived or a restart, and time budgets. */
    private static final Duration LOOK_INTERVAL = Duration.ofSeconds(1);
    private static final long LOOP_TASK_TIMEOUT_SECONDS = 60;

    private final SchedulerLoop loop;
    private final AgroalDataSource dataSource;
    private final SamplerSupervisor samplers;
    private final StudyCloser closer;
    private final SamplerWakeups wakeups;
    /** The last fit's hyperparameters per study: the next refit starts there (lost on restart: then fitted anew). */
    private final Map<String, Hyperparameters> warmStarts = new ConcurrentHashMap<>();
    private final Map<String, AdaptiveModel> models = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public AdaptiveLoop(SchedulerLoop loop, AgroalDataSource dataSource, SamplerSupervisor samplers,
                        StudyCloser closer, SamplerWakeups wakeups) {
        this.loop = loop;
        this.dataSource = dataSource;
        this.samplers = samplers;
        this.closer = closer;
        this.wakeups = wakeups;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::rounds, "runfleet-adaptive-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void rounds() {
        while (running) {
            try {
                wakeups.await(LOOK_INTERVAL);
                round(System.nanoTime());
            } catch (InterruptedException e) {
                if (running) {
                    LOG.warn("adaptive sampler interrupted; going on");
                }
            } catch (RuntimeException | SQLException | ExecutionException | TimeoutException e) {
                if (!running) {
                    break;
                }
                if (e instanceof RuntimeException unexpected) {
                    VitalThread.throwIfFatal(unexpected);
                }
                // the database or the loop is away for a moment: nothing was added, the next round reads anew
                LOG.errorf(e, "adaptive sampler round failed; trying again in %d s", LOOK_INTERVAL.toSeconds());
            }
        }
    }

    /** @param woken when the round began, right after the commit that woke it: what its latency is measured from */
    private void round(long woken) throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        // one transaction reads the open samplers and each adaptive one's history: a round right after a commit
        // pays for one connection and commit, not one per study (its latency is what the loop waits on)
        Map<StoredSampler, List<SamplerHistory.Entry>> adaptive = read(connection -> {
            Map<StoredSampler, List<SamplerHistory.Entry>> histories = new LinkedHashMap<>();
            for (StoredSampler sampler : SamplerStore.openOfActiveStudies(connection)) {
                if (sampler.section().kind() == SamplerSection.Kind.ADAPTIVE) {
                    histories.put(sampler, SamplerHistory.of(connection, sampler.studyId()));
                }
            }
            return histories;
        });
        models.keySet().retainAll(adaptive.keySet().stream().map(StoredSampler::studyId).toList());
        warmStarts.keySet().retainAll(models.keySet());
        for (Map.Entry<StoredSampler, List<SamplerHistory.Entry>> study : adaptive.entrySet()) {
            step(study.getKey(), study.getValue(), woken);
        }
    }

    /** One study: stop it if its target or stagnation says so, else fill its room with new points. */
    private void step(StoredSampler sampler, List<SamplerHistory.Entry> runs, long woken) throws InterruptedException,
            ExecutionException, TimeoutException {
        String studyId = sampler.studyId();
        SamplerSection section = sampler.section();
        AdaptiveModel model = models.computeIfAbsent(studyId, id -> new AdaptiveModel(section));
        List<Observation> observed = model.observations(runs);
        Optional<String> stop = model.stopRule().check(observed);
        if (stop.isPresent()) {
            boolean cancel = section.onStop() == SamplerSection.OnStop.CANCEL;
            onLoop((connection, now) -> {
                samplers.end(connection, studyId, SamplerState.STOPPED, stop.get(), cancel, now);
                closer.closeFinished(connection, List.of(studyId), now);
                return true;
            });
            return;
        }
        long unfinished = runs.stream().filter(SamplerHistory.Entry::unfinished).count();
        long room = Math.min(section.inFlight() - unfinished, (long) section.budget().maxRuns() - runs.size());
        if (room <= 0) {
            return;
        }
        long modelStart = System.nanoTime();
        Proposal proposal = model.proposer().propose(observed, model.pending(runs), (int) room,
                Optional.ofNullable(warmStarts.get(studyId)));
        long modelMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - modelStart);
        proposal.hyperparameters().ifPresent(fitted -> warmStarts.put(studyId, fitted));
        List<String> fed = runs.stream().filter(run -> run.finished() && !run.fed())
                .map(SamplerHistory.Entry::runId).toList();
        onLoop((connection, now) -> add(connection, sampler, proposal.points(), fed, now,
                new Timing(woken, modelMillis, observed.size())));
    }

    /**
     * What a round's log line reports (bench/run.sh adaptive-loop reads it): from the wake-up to the new runs, which the
     * scheduler loop dispatches right after this commit, and the model's share of it, at how many results.
     */
    private record Timing(long woken, long modelMillis, int results) {

        String describe() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - woken) + " ms after the wake-up (model "
                    + modelMillis + " ms at " + results + " results)";
        }
    }

    /** On the loop: marks the results fed and adds the points that still fit, as the study's next round. */
    private boolean add(Connection connection, StoredSampler proposedFor, List<Map<String, Double>> points,
                        List<String> fed, java.time.Instant now, Timing timing) throws SQLException {
        String studyId = proposedFor.studyId();
        Optional<StoredSampler> sampler = SamplerStore.find(connection, studyId);
        if (sampler.isEmpty() || !sampler.get().takesPoints()) {
            return false; // stopped, closed or cancelled meanwhile
        }
        long room = SamplerStopRule.capacity(proposedFor.section(), SamplerRuns.tally(connection, studyId));
        List<SamplerRuns.NewPoint> fresh = points.stream().limit(room).map(point -> {
            Map<String, Object> params = new LinkedHashMap<>(point);
            params.putAll(proposedFor.constants());
            return new SamplerRuns.NewPoint(null, params);
        }).toList();
        int newlyFed = SamplerHistory.markFed(connection, fed);
        if (fresh.isEmpty()) {
            return false;
        }
        int round = SamplerRuns.nextRound(connection, studyId);
        SamplerRuns.append(connection, studyId, fresh, round, now);
        LOG.infof("Study(id=%s): adaptive sampler round %d: %d new points after %d new results, %s", studyId, round,
                fresh.size(), newlyFed, timing.describe());
        samplers.check(connection, List.of(studyId), now); // the run budget may be used up now
        return true;
    }

    private void onLoop(SchedulerLoop.TransactionalWork work)
            throws InterruptedException, ExecutionException, TimeoutException {
        loop.submit(work).get(LOOP_TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface Read<T> {
        T from(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> query) throws SQLException {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return query.from(connection);
                }
            });
        } catch (RuntimeException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }
}
