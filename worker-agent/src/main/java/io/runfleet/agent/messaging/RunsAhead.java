package io.runfleet.agent.messaging;

import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The slots and the runs sent ahead of them. Without runs ahead, a slot that frees asks the scheduler for its next run
 * and idles for that round trip (credit out, request back, a few milliseconds) before each run: most of a short run's
 * cost. So while this agent's runs are short it asks for up to {@code limit} runs more than it has slots; they wait
 * here, unclaimed, and start the moment a slot frees.
 *
 * <p>How many runs it asks ahead for (the <em>level</em>) is learned: it starts at none, grows by one with each run
 * that ended in under {@link #SHORT_RUN}, and shrinks by one with each longer one, whose slot's round trip does not
 * matter. A run that waits here longer than {@code maxWait} (behind runs that turned out long) is handed back for
 * another agent, and the level shrinks with it, so that the scheduler does not send it back here at once. The
 * invariant: credit granted and not yet used + runs waiting + runs executing = slots + level.
 *
 * <p>A waiting run is not claimed: the scheduler sees it DISPATCHED under its claim lease (RabbitMQ keeps its message
 * unacknowledged), heartbeats do not name it, and it is claimed only when it starts. Hence a run is started only by
 * the agent that claimed it, and a run sent ahead is never started twice unless an agent died.
 */
final class RunsAhead {

    /** A run that took less than this leaves its slot idle for a round trip that is a noticeable share of it. */
    static final Duration SHORT_RUN = Duration.ofSeconds(1);

    private final int slots;
    private final int limit;
    private final long maxWaitNanos;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int executing;
    private int level;

    /**
     * @param slots   runs executed at once
     * @param limit   most runs asked for beyond the slots (0: none, a run is asked for only when a slot frees)
     * @param maxWait longest a run waits here for a slot before it is handed back
     */
    RunsAhead(int slots, int limit, Duration maxWait) {
        this.slots = slots;
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** A request arrived: true when it may start now (a slot is free), false when it waits here. */
    synchronized boolean arrived(RunRequest request, Message<byte[]> message, long nowNanos) {
        if (executing < slots) {
            executing++;
            return true;
        }
        waiting.add(new Waiting(request, message, nowNanos));
        return false;
    }

    synchronized boolean isWaiting(RunRef ref) {
        return waiting.stream().anyMatch(run -> run.request().ref().equals(ref));
    }

    /**
     * A slot freed after a run that took {@code took}: the run to start in it (if one waits and is not dropped by
     * {@code drop}, say because it was cancelled meanwhile), the dropped ones, and how many runs to ask for.
     */
    synchronized Freed slotFreed(Duration took, Predicate<RunRef> drop) {
        executing--;
        int credit = 1;
        if (took.compareTo(SHORT_RUN) < 0) {
            if (level < limit) {
                level++;
                credit++;
            }
        } else if (level > 0) {
            level--;
            credit--;
        }
        return fill(credit, drop);
    }

    /**
     * A slot freed without a run having taken it (a second copy of a run that left the waiting ones for it): as
     * {@link #slotFreed}, but nothing is learned from it, so the level stays.
     */
    synchronized Freed slotFreedUnused(Predicate<RunRef> drop) {
        executing--;
        return fill(1, drop);
    }

    private Freed fill(int credit, Predicate<RunRef> drop) {
        List<Waiting> dropped = new ArrayList<>();
        Waiting next = waiting.poll();
        while (next != null && drop.test(next.request().ref())) {
            dropped.add(next);
            next = waiting.poll();
        }
        if (next != null) {
            executing++;
        }
        return new Freed(next, dropped, credit + dropped.size());
    }

    /** Removes the runs that waited longer than the longest wait; each takes one run ahead off the level. */
    synchronized Handback overdue(long nowNanos) {
        List<Waiting> overdue = new ArrayList<>();
        int credit = 0;
        for (Iterator<Waiting> runs = waiting.iterator(); runs.hasNext(); ) {
            Waiting run = runs.next();
            if (nowNanos - run.arrivedNanos() > maxWaitNanos) {
                runs.remove();
                overdue.add(run);
                if (level > 0) {
                    level--;
                } else {
                    credit++;
                }
            }
        }
        return new Handback(overdue, credit);
    }

    /** Removes every waiting run (the agent takes no more): they go back unstarted. */
    synchronized List<Waiting> removeAll() {
        List<Waiting> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }

    /** Most runs asked for beyond the slots; 0 when runs are never sent ahead. */
    int limit() {
        return limit;
    }

    synchronized int level() {
        return level;
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    /** A run sent ahead, waiting for a slot; its message is settled when it starts or goes back. */
    record Waiting(RunRequest request, Message<byte[]> message, long arrivedNanos) {
    }

    /** What a freed slot leads to: the next run to start (or null), runs dropped unstarted, and runs to ask for. */
    record Freed(Waiting next, List<Waiting> dropped, int credit) {
    }

    /** Runs that waited too long, to hand back, and runs to ask for in their place. */
    record Handback(List<Waiting> runs, int credit) {
    }
}
