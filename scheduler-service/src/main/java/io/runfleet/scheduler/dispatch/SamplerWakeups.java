package io.runfleet.scheduler.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Tells the built-in sampler that runs changed (a result applied, a study arrived), so that it proposes the next
 * points at once rather than at its next look. Many wake-ups before it looks count as one.
 */
@ApplicationScoped
public class SamplerWakeups {

    private final Semaphore signal = new Semaphore(0);

    void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits for a wake-up, at most {@code timeout}. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
