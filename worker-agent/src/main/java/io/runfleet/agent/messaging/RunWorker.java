package io.runfleet.agent.messaging;

import io.runfleet.agent.config.AgentConfig;
import io.runfleet.agent.config.OnStop;
import io.runfleet.agent.execution.RunExecutor;
import io.runfleet.agent.outcome.Execution;
import io.runfleet.wire.RunOutcome;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.RunResult;
import io.runfleet.wire.WireCodec;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Executes claimed runs on the run threads and delivers their results. A run stays held until the
 * results service acknowledged its result; its slot frees as soon as its command ended.
 */
@Singleton
public class RunWorker {

    private static final Logger LOG = Logger.getLogger(RunWorker.class);
    /** A command killed by SIGTERM (15) exits with 128 + 15, as Java and shells report it. */
    private static final int SIGTERM_EXIT = 143;
    /** How long a run killed by SIGTERM waits for the agent's own stop to show; signals arrive together. */
    private static final Duration STOP_SIGNAL_WAIT = Duration.ofSeconds(2);

    private final RunExecutor executor;
    private final ResultSender results;
    private final HeldRuns held;
    private final SlotUsage slots;
    private final AgentIdentity identity;
    private final AgentThreads threads;
    private final FinishedRuns finished;
    private final UndeliveredResults undelivered;
    private final AgentStopping stopping;
    private final boolean requeueOnStop;

    public RunWorker(RunExecutor executor, ResultSender results, HeldRuns held, SlotUsage slots,
                     AgentIdentity identity, AgentThreads threads, FinishedRuns finished,
                     UndeliveredResults undelivered, AgentStopping stopping, AgentConfig config) {
        this.stopping = stopping;
        this.requeueOnStop = config.onStop() == OnStop.REQUEUE;
        this.executor = executor;
        this.undelivered = undelivered;
        this.finished = finished;
        this.results = results;
        this.held = held;
        this.slots = slots;
        this.identity = identity;
        this.threads = threads;
    }

    /**
     * @param slotFreed called once the run no longer occupies a slot
     * @return false when the run threads are shut down and the run was not taken
     */
    boolean submit(RunRequest request, Runnable slotFreed) {
        slots.begin();
        try {
            threads.runs().execute(() -> execute(request, slotFreed));
            return true;
        } catch (RejectedExecutionException e) {
            slots.end();
            return false;
        }
    }

    private void execute(RunRequest request, Runnable slotFreed) {
        RunRef ref = request.ref();
        LOG.debugf("%s starting in study %s (seq %d)", ref, request.studyId(), request.seq());
        Execution execution;
        try {
            execution = executor.execute(request);
        } catch (RuntimeException e) {
            // A bug, not the run's fault; report it so the run is retried rather than held forever.
            LOG.errorf(e, "%s execution failed unexpectedly", ref);
            execution = new Execution(RunOutcome.FAILED, null, null, "agent error: " + e, null,
                    Instant.now(), Instant.now());
        } finally {
            slots.end();
        }
        try {
            // atomically with a drain's release: a run is either handed back or has its result sent, never both
            if (killedByTheStop(execution)) {
                // left held: the stop hands it back as preempted instead of failing it (AgentDrain)
                LOG.infof("%s ended as the agent stops (%s); handed back, its result not sent", ref, execution.error());
            } else if (held.deliver(ref)) {
                deliver(request, execution);
            } else {
                LOG.infof("%s ended after it was released (%s); its result is not sent", ref, execution.outcome());
            }
        } finally {
            slotFreed.run();
        }
    }

    /**
     * With {@code on-stop=requeue}, whether a run that did not succeed was killed by the agent's own stop: a batch
     * system ending the allocation signals the runs' processes together with the agent (Slurm's SIGTERM to every
     * process of the job step), so a run may die of it before the agent has begun to stop. A death by SIGTERM waits
     * briefly for that stop; any other failure counts only if the stop has begun already.
     */
    private boolean killedByTheStop(Execution execution) {
        if (!requeueOnStop || execution.outcome() == RunOutcome.SUCCEEDED) {
            return false;
        }
        if (stopping.isStopping()) {
            return true;
        }
        if (execution.exitCode() == null || execution.exitCode() != SIGTERM_EXIT) {
            return false;
        }
        try {
            return stopping.awaitStopping(STOP_SIGNAL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void deliver(RunRequest request, Execution execution) {
        RunRef ref = request.ref();
        EncodedResult encoded = EncodedResult.within(RunResults.of(request, execution, identity),
                WireCodec.MAX_MESSAGE_BYTES);
        RunResult result = encoded.result();
        logCompletion(ref, result);
        // remembered before the send: a copy of the request that comes while the result travels is dropped too
        finished.remember(ref);
        results.send(encoded).whenComplete((stored, failure) -> {
            if (failure != null) {
                undelivered.report(ref, failure);
            }
            held.drop(ref);
        });
    }

    private static void logCompletion(RunRef ref, RunResult result) {
        long millis = Duration.between(result.startedAt(), result.endedAt()).toMillis();
        if (result.outcome() == RunOutcome.SUCCEEDED) {
            LOG.debugf("%s SUCCEEDED, exit code %s, %d ms", ref, result.exitCode(), millis);
        } else {
            LOG.infof("%s %s, exit code %s, %d ms: %s", ref, result.outcome(), result.exitCode(), millis,
                    result.error());
        }
    }
}
