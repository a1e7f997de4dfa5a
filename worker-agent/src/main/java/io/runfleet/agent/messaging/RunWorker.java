package io.runfleet.agent.messaging;

import io.runfleet.agent.execution.Execution;
import io.runfleet.agent.execution.RunExecutor;
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

    private final RunExecutor executor;
    private final ResultSender results;
    private final HeldRuns held;
    private final SlotUsage slots;
    private final AgentIdentity identity;
    private final AgentThreads threads;
    private final FinishedRuns finished;
    private final UndeliveredResults undelivered;

    public RunWorker(RunExecutor executor, ResultSender results, HeldRuns held, SlotUsage slots,
                     AgentIdentity identity, AgentThreads threads, FinishedRuns finished,
                     UndeliveredResults undelivered) {
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
            if (held.deliver(ref)) {
                deliver(request, execution);
            } else {
                LOG.infof("%s ended after it was released (%s); its result is not sent", ref, execution.outcome());
            }
        } finally {
            slotFreed.run();
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
