package io.runfleet.scheduler.launch;

import java.util.concurrent.ThreadFactory;

/** Threads of the launchers' own rounds: daemons, so that a round in progress never holds up the scheduler's stop. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Daemon threads, each named {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
