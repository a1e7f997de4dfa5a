package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The runs this agent answers for: from the claim until the result is acknowledged or the run is
 * released. Heartbeats list them, draining waits for them, the idle timeout counts from the last one.
 * A run whose command ended and whose result is on its way is never released: the results service may
 * have stored the result already, and RELEASED would have the scheduler run it again.
 */
@Singleton
public class HeldRuns {

    private final Map<RunRef, RunRequest> held = new ConcurrentHashMap<>();
    /** Held runs whose result is being delivered; guarded by {@code this} together with releases. */
    private final Set<RunRef> delivering = ConcurrentHashMap.newKeySet();
    private final Object changes = new Object();
    private volatile long emptySinceNanos = System.nanoTime();

    /** False when this attempt is held already (a duplicate delivery). */
    public boolean hold(RunRequest request) {
        return held.putIfAbsent(request.ref(), request) == null;
    }

    public boolean holds(RunRef ref) {
        return held.containsKey(ref);
    }

    /**
     * The run's command ended and its result goes out now. False when the run was released meanwhile: then its
     * result must not be sent, since the scheduler runs it again.
     */
    public synchronized boolean deliver(RunRef ref) {
        if (!held.containsKey(ref)) {
            return false;
        }
        delivering.add(ref);
        return true;
    }

    /** The run is no longer this agent's business: its result was acknowledged, or it was released. */
    public void drop(RunRef ref) {
        held.remove(ref);
        delivering.remove(ref);
        synchronized (changes) {
            if (held.isEmpty()) {
                emptySinceNanos = System.nanoTime();
            }
            changes.notifyAll();
        }
    }

    /**
     * Removes and returns the held runs whose result has not gone out (their commands still run): what a draining
     * agent may hand back. Runs whose result is on its way stay held until it is acknowledged.
     */
    public synchronized List<RunRef> releaseUndelivered() {
        List<RunRef> released = new ArrayList<>();
        for (RunRef ref : held.keySet()) {
            if (!delivering.contains(ref)) {
                released.add(ref);
            }
        }
        released.forEach(this::drop);
        return released;
    }

    public List<RunRef> refs() {
        return List.copyOf(held.keySet());
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    public int size() {
        return held.size();
    }

    /** The shortest heartbeat interval any held run asks for, or {@code fallback} when none names one. */
    public Duration heartbeatInterval(Duration fallback) {
        return held.values().stream()
                .mapToLong(RunRequest::heartbeatMillis)
                .filter(millis -> millis > 0)
                .min()
                .stream()
                .mapToObj(Duration::ofMillis)
                .findFirst()
                .orElse(fallback);
    }

    /** How long no run has been held; zero while one is. */
    public Duration idleFor() {
        if (!held.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(System.nanoTime() - emptySinceNanos);
    }

    /** Waits until no run is held or the timeout passes; true when none is held. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (!held.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changes, left);
            }
            return true;
        }
    }
}
