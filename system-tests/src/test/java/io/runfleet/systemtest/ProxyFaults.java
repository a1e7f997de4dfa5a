package io.runfleet.systemtest;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link FaultProxy} does to each chunk of bytes while faults are on: every chunk waits 50-200 ms
 * (latency), a few connections stall for 1-8 s (past the ZeroMQ heartbeat timeout of 5 s for some), a few are cut
 * (what was in flight is gone, as with a lost packet that TCP could not mend). TCP cannot lose bytes on its own,
 * so stalls and cuts are how loss shows to the application.
 *
 * <p>Bounded twice: faults end by themselves when their window closes or when the cuts and stalls are used up,
 * whichever comes first; after that every chunk passes untouched.
 */
final class ProxyFaults {

    private static final int MIN_DELAY_MILLIS = 50;
    private static final int MAX_DELAY_MILLIS = 200;
    private static final int MIN_STALL_MILLIS = 1_000;
    private static final int MAX_STALL_MILLIS = 8_000;
    /** Per chunk while faults are on; with a few hundred chunks per window that is tens of chances. */
    private static final double CUT_CHANCE = 0.03;
    private static final double STALL_CHANCE = 0.03;

    private final int maxCuts;
    private final int maxStalls;
    private final Random random;
    private final AtomicInteger delayed = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    /** System.nanoTime at which faults end; faults are off until {@link #startFor} is called. */
    private volatile long endNanos = System.nanoTime();

    ProxyFaults(int maxCuts, int maxStalls, long seed) {
        this.maxCuts = maxCuts;
        this.maxStalls = maxStalls;
        this.random = new Random(seed);
    }

    /** Turns faults on for {@code window} from now. */
    void startFor(Duration window) {
        endNanos = System.nanoTime() + window.toNanos();
    }

    boolean active() {
        return System.nanoTime() - endNanos < 0;
    }

    /**
     * Called before a chunk is forwarded: sleeps for the chunk's delay or stall, and answers whether the
     * connection is to be cut instead of forwarding it.
     */
    boolean cutBeforeForwarding() throws InterruptedException {
        if (!active()) {
            return false;
        }
        double draw;
        int delay;
        int stall;
        synchronized (random) {
            draw = random.nextDouble();
            delay = MIN_DELAY_MILLIS + random.nextInt(MAX_DELAY_MILLIS - MIN_DELAY_MILLIS + 1);
            stall = MIN_STALL_MILLIS + random.nextInt(MAX_STALL_MILLIS - MIN_STALL_MILLIS + 1);
        }
        if (draw < CUT_CHANCE && take(cuts, maxCuts)) {
            return true;
        }
        if (draw >= CUT_CHANCE && draw < CUT_CHANCE + STALL_CHANCE && take(stalls, maxStalls)) {
            Thread.sleep(stall);
            return false;
        }
        delayed.incrementAndGet();
        Thread.sleep(delay);
        return false;
    }

    private static boolean take(AtomicInteger used, int max) {
        return used.getAndUpdate(n -> n < max ? n + 1 : n) < max;
    }

    int delayed() {
        return delayed.get();
    }

    int stalls() {
        return stalls.get();
    }

    int cuts() {
        return cuts.get();
    }

    @Override
    public String toString() {
        return "ProxyFaults(delayed chunks " + delayed() + ", stalls " + stalls() + "/" + maxStalls + ", cuts "
                + cuts() + "/" + maxCuts + ", active " + active() + ")";
    }
}
