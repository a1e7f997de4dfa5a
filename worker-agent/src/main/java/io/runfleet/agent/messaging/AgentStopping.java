package io.runfleet.agent.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether this agent's process is stopping (SIGTERM). Set by a JVM shutdown hook of its own, which starts with the
 * signal, before the application's shutdown observers run: a batch system signals the runs' processes together with
 * the agent, and a run killed that way must be known for what it is before its failure is reported.
 */
@Singleton
public class AgentStopping {

    private final CountDownLatch stopping = new CountDownLatch(1);

    void start(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopping::countDown, "agent-stopping"));
    }

    void markStopping() {
        stopping.countDown();
    }

    boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the stop to begin; true when it has. */
    boolean awaitStopping(Duration timeout) throws InterruptedException {
        return stopping.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
