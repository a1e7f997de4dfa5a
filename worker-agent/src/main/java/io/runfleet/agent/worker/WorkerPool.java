package io.runfleet.agent.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runfleet.agent.outcome.Execution;
import io.runfleet.agent.outcome.RunSetupException;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The persistent workers of one agent (docs/worker-protocol.md): at most one per slot, each serving the runs of one
 * {@link WorkerKey}. A run takes an idle worker of its key, or starts one (lazily, in a directory of its own:
 * {@code <work-dir>/<studyId>/workers/<stage>-<n>}); when every slot already has a worker, the one idle the longest
 * (of another study) is stopped to make room. A worker that died, timed out, was cancelled or broke the protocol is
 * killed and the next run starts a fresh one; one that served {@code recycleAfter} runs is stopped after its last.
 * Workers idle for longer than the idle timeout are stopped, and {@link #close} stops them all.
 */
public final class WorkerPool {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** How long a worker being stopped may take to exit after its stdin closed, before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final Path workDir;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<WorkerKey, Deque<WorkerProcess>> idle = new HashMap<>();
    private final Set<WorkerProcess> all = new HashSet<>();
    private int capacity = Runtime.getRuntime().availableProcessors();
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int stderrTailLines = 20;
    private int started;
    private boolean closed;
    private ScheduledExecutorService reaper;

    public WorkerPool(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * @param slots           workers alive at most: the agent's slots
     * @param idleTimeout     an idle worker is stopped after this long
     * @param stderrTailLines lines of a worker's log that travel with a run it failed
     */
    public synchronized void configure(int slots, Duration idleTimeout, int stderrTailLines) {
        if (slots < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("workers need at least 1 slot and a positive idle timeout; got "
                    + slots + " and " + idleTimeout);
        }
        this.capacity = slots;
        this.idleTimeout = idleTimeout;
        this.stderrTailLines = stderrTailLines;
    }

    /**
     * Has a worker of the request's study, stage and command execute the run in {@code runDir}, blocking until it
     * answers, times out, dies or {@code stopRequest} answers a reason (a cancel).
     *
     * @param setup       prepares a new worker's directory, should the run need one started
     * @param stopRequest answers the reason once the run is to stop, else null
     */
    public Execution execute(RunRequest request, Path runDir, WorkerSetup setup, Supplier<String> stopRequest) {
        Instant startedAt = Instant.now();
        WorkerSpec spec = request.spec().worker();
        WorkerKey key = new WorkerKey(request.studyId(), request.stage(), spec.command());
        WorkerProcess worker;
        try {
            worker = acquire(key, setup);
        } catch (IOException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return Execution.failed(null, "cannot start the worker '" + String.join(" ", spec.command()) + "': "
                    + reason, null, startedAt);
        } catch (RunSetupException e) {
            return Execution.failed(null, e.getMessage(), null, startedAt);
        }
        if (worker == null) {
            return Execution.ended(RunOutcome.CANCELLED, "not started: the agent is stopping its workers", startedAt);
        }
        WorkerCall call = new WorkerCall(json, stderrTailLines);
        try {
            return call.run(worker, request, runDir, stopRequest, startedAt);
        } finally {
            release(worker, call.workerSpoiled(), spec.recycleAfter());
        }
    }

    /** Stops every worker (their stdin closed, killed after a grace) and starts no more. */
    public void close() {
        List<WorkerProcess> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(all);
            all.clear();
            idle.clear();
            if (reaper != null) {
                reaper.shutdownNow();
            }
        }
        List<Thread> stoppers = new ArrayList<>();
        for (WorkerProcess worker : stopping) {
            stoppers.add(stopInBackground(worker));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Workers alive now, busy or idle. */
    public synchronized int size() {
        return all.size();
    }

    private WorkerProcess acquire(WorkerKey key, WorkerSetup setup) throws IOException, RunSetupException {
        int number;
        synchronized (this) {
            if (closed) {
                return null;
            }
            Deque<WorkerProcess> waiting = idle.get(key);
            while (waiting != null && !waiting.isEmpty()) {
                WorkerProcess worker = waiting.pollFirst();
                if (worker.isAlive()) {
                    return worker;
                }
                // died while idle: its exit shows in its log; the run starts a fresh one
                all.remove(worker);
                worker.kill();
            }
            if (all.size() >= capacity) {
                makeRoom();
            }
            number = ++started;
        }
        Path dir = workDir.resolve(key.studyId()).resolve("workers").resolve(safe(key.stage()) + "-" + number);
        Files.createDirectories(dir);
        Map<String, String> environment = new HashMap<>(setup.prepare(dir));
        environment.put("RUNFLEET_STUDY_ID", key.studyId());
        environment.put("RUNFLEET_STAGE", key.stage());
        environment.put("RUNFLEET_WORKER", Integer.toString(number));
        WorkerProcess worker = WorkerProcess.start(key, number, dir, environment);
        synchronized (this) {
            if (closed) {
                stopInBackground(worker);
                return null;
            }
            all.add(worker);
            startReaper();
        }
        LOG.infof("started %s in %s", worker, dir);
        return worker;
    }

    /** Stops the worker idle the longest, whatever it serves: the slot goes to another study or stage. */
    private void makeRoom() {
        WorkerProcess oldest = null;
        for (Deque<WorkerProcess> waiting : idle.values()) {
            for (WorkerProcess worker : waiting) {
                if (oldest == null || worker.idleSinceNanos() < oldest.idleSinceNanos()) {
                    oldest = worker;
                }
            }
        }
        if (oldest != null) {
            retire(oldest, "its slot goes to another study or stage");
        }
    }

    private synchronized void release(WorkerProcess worker, boolean spoiled, int recycleAfter) {
        worker.servedOneMore();
        if (spoiled || !worker.isAlive()) {
            all.remove(worker);
            if (worker.isAlive()) {
                worker.kill();
            }
            return;
        }
        if (closed) {
            return;
        }
        if (recycleAfter > 0 && worker.served() >= recycleAfter) {
            retire(worker, "recycled after " + worker.served() + " runs");
            return;
        }
        worker.idleFromNow();
        idle.computeIfAbsent(worker.key(), k -> new ArrayDeque<>()).addFirst(worker);
    }

    /** Takes an idle (or just released) worker out of the pool and stops it in the background. Holds the lock. */
    private void retire(WorkerProcess worker, String why) {
        all.remove(worker);
        Deque<WorkerProcess> waiting = idle.get(worker.key());
        if (waiting != null) {
            waiting.remove(worker);
            if (waiting.isEmpty()) {
                idle.remove(worker.key());
            }
        }
        LOG.infof("stopping %s: %s", worker, why);
        stopInBackground(worker);
    }

    private static Thread stopInBackground(WorkerProcess worker) {
        Thread stopper = new Thread(() -> worker.stop(STOP_GRACE), "worker-" + worker.number() + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        return stopper;
    }

    private void startReaper() {
        if (reaper != null) {
            return;
        }
        reaper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "worker-idle-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(100, Math.min(1_000, idleTimeout.toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void stopIdle() {
        long now = System.nanoTime();
        List<WorkerProcess> expired = new ArrayList<>();
        idle.values().forEach(waiting -> waiting.stream()
                .filter(worker -> now - worker.idleSinceNanos() > idleTimeout.toNanos())
                .forEach(expired::add));
        expired.forEach(worker -> retire(worker, "idle for " + idleTimeout.toSeconds() + "s"));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
