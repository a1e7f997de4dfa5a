package io.runfleet.results.outbox;

import java.time.Duration;

/** A one-slot signal: wakes a waiting thread, or makes its next wait return at once. */
final class Wakeup {

    private boolean signalled;

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /**
     * Waits until signalled or until {@code timeout} has passed, then clears the signal.
     *
     * @return whether it was signalled
     */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!signalled) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        signalled = false;
        return true;
    }
}
