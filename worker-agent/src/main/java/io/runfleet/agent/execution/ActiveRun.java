package io.runfleet.agent.execution;

import io.runfleet.agent.process.ProcessTree;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt while it executes, as far as stopping it goes: its process once started, and the stop asked for it.
 * A stop may come before the process exists (the run is still staging); the run's own thread then carries it out
 * as soon as it starts the process. Whoever carries out a stop marks it done, and the run's thread reports the
 * attempt only after that, so no process of a stopped run outlives its result.
 */
final class ActiveRun {

    /**
     * @param error what the attempt's result says
     * @param grace how long the processes may take to end after SIGTERM before SIGKILL; zero kills at once
     */
    record Stop(String error, Duration grace) {
    }

    private final CompletableFuture<Void> stopDone = new CompletableFuture<>();
    private Process process;
    private Stop stop;

    /** The process started; answers the stop to carry out at once, or null. */
    synchronized Stop attach(Process started) {
        process = started;
        return stop;
    }

    /**
     * Asks for a stop. Answers the process to stop now, or null when there is none yet (the run's thread stops it
     * once it starts) or another stop came first.
     */
    synchronized Process requestStop(Stop requested) {
        if (stop != null) {
            return null;
        }
        stop = requested;
        return process;
    }

    synchronized Stop stop() {
        return stop;
    }

    /** Carries out the stop on {@code started} and marks it done; answers how many processes were signalled. */
    int carryOut(Stop requested, Process started) {
        try {
            return requested.grace().isZero() ? ProcessTree.kill(started)
                    : ProcessTree.terminate(started, requested.grace());
        } finally {
            stopDone.complete(null);
        }
    }

    /**
     * The stop asked for, once whoever carries it out is done with the whole process tree (waiting at most its grace
     * plus {@code margin}); null when none was asked for. For a command that has ended: its result waits for the stop.
     */
    Stop stopCarriedOut(Duration margin) {
        Stop asked = stop();
        if (asked != null) {
            try {
                awaitStopDone(asked.grace().plus(margin));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return asked;
    }

    /** Waits until whoever carries out the stop is done with the whole process tree, at most {@code limit}. */
    void awaitStopDone(Duration limit) throws InterruptedException {
        try {
            stopDone.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the process itself has ended; a stuck stop must not hold the result back forever
        }
    }
}
