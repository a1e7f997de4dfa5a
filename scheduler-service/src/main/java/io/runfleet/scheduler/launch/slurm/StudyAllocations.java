package io.runfleet.scheduler.launch.slurm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocation manager's account of one pool (a named pool, or a study's own {@code study-<id>}): its submit
 * failures, back-off and pause, and what it last saw. Kept in memory (a restarted scheduler counts again, and finds
 * the allocations in squeue). Written by the manager's thread, read by the API.
 */
final class StudyAllocations {

    private final String pool;
    private int submitted;
    private int consecutiveFailures;
    private Instant backoffUntil;
    private boolean paused;
    /** Paused by {@code POST /pools/{name}/pause}, not by failures. */
    private boolean pausedByCommand;
    private String lastError;
    private SlurmLaunchStatus last;
    private String queueSystem;
    private final List<SlurmLaunchStatus.EndedAllocation> ended = new ArrayList<>();

    /** An sbatch that worked: the back-off ends, but the failures count on until an allocation ends well. */
    synchronized void submittedOne() {
        submitted++;
        backoffUntil = null;
    }

    /** The sbatch calls that worked so far. */
    synchronized int submitted() {
        return submitted;
    }

    /** An allocation ended without failing (completed, cancelled, preempted): the failures in a row start again. */
    synchronized void endedWell() {
        consecutiveFailures = 0;
    }

    /** A failed sbatch or allocation: backs off twice as long as after the failure before, and pauses after {@code limit}. */
    synchronized void failed(String error, Instant now, Duration first, Duration max, int limit) {
        consecutiveFailures++;
        lastError = error;
        Duration wait = first.multipliedBy(1L << Math.min(20, consecutiveFailures - 1));
        backoffUntil = now.plus(wait.compareTo(max) > 0 ? max : wait);
        if (consecutiveFailures >= limit) {
            paused = true;
        }
    }

    /** Keeps an allocation that left the queue for the status, the oldest forgotten past the limit. */
    synchronized void ended(SlurmLaunchStatus.EndedAllocation allocation) {
        ended.add(allocation);
        if (ended.size() > SlurmLaunchStatus.ENDED_KEPT) {
            ended.remove(0);
        }
    }

    /** The queue system the study's allocations go to, as {@link QueueSystems#describe} says it. */
    synchronized void queueSystem(String described) {
        queueSystem = described;
    }

    synchronized void error(String error) {
        lastError = error;
    }

    /**
     * @param queueSystem the queue system the pool's allocations go to, as {@link QueueSystems#describe} says it: known
     *                    from the start, so that the status never names another one before the first look at the queue
     */
    StudyAllocations(String pool, String queueSystem) {
        this.pool = pool;
        this.queueSystem = queueSystem;
    }

    /** Submits nothing until resumed; the allocations there are serve on. */
    synchronized void pause() {
        paused = true;
        pausedByCommand = true;
    }

    synchronized boolean pausedByCommand() {
        return pausedByCommand;
    }

    /** Submitting may go on: the failures are forgotten, the next round may submit at once. */
    synchronized void resume() {
        paused = false;
        pausedByCommand = false;
        consecutiveFailures = 0;
        backoffUntil = null;
    }

    synchronized boolean paused() {
        return paused;
    }

    synchronized boolean backingOff(Instant now) {
        return backoffUntil != null && now.isBefore(backoffUntil);
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized void seen(List<SlurmLaunchStatus.Allocation> allocations, int runsWaiting, int slotsWanted,
                           int slotsSupplied, int neverFit, String explanation) {
        last = new SlurmLaunchStatus(allocations, submitted, runsWaiting, slotsWanted, slotsSupplied, neverFit,
                consecutiveFailures, backoffUntil, paused, lastError, explanation, List.copyOf(ended), pool, queueSystem);
    }

    synchronized SlurmLaunchStatus status() {
        if (last == null) {
            return new SlurmLaunchStatus(List.of(), submitted, 0, 0, 0, 0, consecutiveFailures, backoffUntil, paused,
                    lastError, paused ? "paused; waiting for the first look at squeue"
                    : "waiting for the first look at squeue", List.copyOf(ended), pool, queueSystem);
        }
        return new SlurmLaunchStatus(last.allocations(), submitted, last.runsWaiting(), last.slotsWanted(),
                last.slotsSupplied(), last.runsThatNeverFit(), consecutiveFailures, backoffUntil, paused, lastError,
                last.explanation(), List.copyOf(ended), pool, queueSystem);
    }
}
