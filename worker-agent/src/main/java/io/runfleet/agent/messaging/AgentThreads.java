package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's own threads: one per slot to wait for commands (blocking, so never the event loop), one
 * timer for heartbeats and the idle check, and threads that stop cancelled runs (each waits out a grace
 * between SIGTERM and SIGKILL, so several cancels must not queue behind one another).
 */
@Singleton
public class AgentThreads {

    private final ExecutorService runs;
    private final ScheduledExecutorService timer;
    private final ExecutorService stops = Executors.newCachedThreadPool(named("runfleet-stop"));

    public AgentThreads(AgentConfig config) {
        this.runs = Executors.newFixedThreadPool(config.slotCount(), named("runfleet-run"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("runfleet-timer"));
    }

    public ExecutorService runs() {
        return runs;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public ExecutorService stops() {
        return stops;
    }

    /** Called last when draining: run threads are idle by then, the timer stops heartbeating. */
    public void shutdown(Duration wait) throws InterruptedException {
        runs.shutdown();
        timer.shutdown();
        stops.shutdown();
        runs.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        timer.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
