package io.runfleet.wire.failure;

import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A thread a service cannot work without (a writer, a relay): it remembers what ended it, so that the service's
 * liveness check reports it and an orchestrator restarts the process. A body that returns while the service still
 * runs counts as a death too.
 */
public final class VitalThread {

    private static final Logger LOG = Logger.getLogger(VitalThread.class);

    private final String name;
    private final Runnable body;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable death;

    public VitalThread(String name, Runnable body) {
        this.name = name;
        this.body = body;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The service is stopping: the body may return now without counting as dead. */
    public void stopping() {
        stopping = true;
    }

    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** Why the thread no longer runs while it should, or empty while it runs (or was told to stop). */
    public Optional<String> problem() {
        Throwable cause = death;
        if (cause != null) {
            return Optional.of("the " + name + " thread died: " + cause);
        }
        if (!stopping && thread.getState() == Thread.State.TERMINATED) {
            return Optional.of("the " + name + " thread stopped");
        }
        return Optional.empty();
    }

    /**
     * Rethrows {@code failure} when an {@link Error} is among its causes (a transaction wraps whatever its work
     * throws): running out of memory or a broken assertion is not transient, and retrying could only make it worse.
     * The thread's loop calls it in its catch-all for runtime failures, so that such an error ends the thread.
     */
    public static void throwIfFatal(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Error) {
                throw failure;
            }
            if (cause.getCause() == cause) {
                return;
            }
        }
    }

    private void run() {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            if (!stopping) {
                death = e;
                LOG.fatalf(e, "the %s thread died; the service reports itself not live (GET /health/live) so that it"
                        + " is restarted", name);
            }
        }
    }
}
