package io.runfleet.scheduler.dispatch;

import io.runfleet.wire.Channels;
import io.runfleet.wire.StudyStopped;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import io.runfleet.wire.messaging.Refusals;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tells the results service that a study stopped ({@link StudyStopped} on {@link Channels#STUDY_EVENTS}), which
 * writes it into the study's events for sampler clients. Reliable as far as this process lives: the transport keeps
 * the message until the results service acknowledges it (over ZeroMQ the dealer resends it while the results service
 * is away; over RabbitMQ the broker confirms it and keeps it in a durable queue), and a refusal that may pass (no
 * confirm, a timeout, the results service not storing it yet) sends it again after a growing pause, for as long as
 * it takes. The results service drops a repeated stop, so sending one twice is harmless. Lost: a stop not yet
 * acknowledged when this process stops (call {@link #stopped} again after a restart if it matters).
 */
@ApplicationScoped
public class StudyStoppedPublisher {

    private static final Logger LOG = Logger.getLogger(StudyStoppedPublisher.class);
    /** The pause before the first resend: a results service restarting is back within seconds. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** The longest pause between resends: a results service away for long hears of the stop within this once back. */
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Emitter<byte[]> emitter;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "study-stopped-retries");
        thread.setDaemon(true);
        return thread;
    });

    public StudyStoppedPublisher(@Channel(Channels.STUDY_EVENTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                                 Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Sends the study's stop, now and again until the results service has it; returns at once. */
    public void stopped(String studyId, String reason) {
        StudyStopped stop = new StudyStopped(WireMessage.SCHEMA_VERSION, studyId, reason, Instant.now());
        send(stop, WireCodec.encode(stop), FIRST_RETRY);
    }

    private void send(StudyStopped stop, byte[] payload, Duration nextPause) {
        try {
            emitter.send(Message.of(payload, () -> {
                LOG.debugf("the stop of Study(id=%s) reached the results service", stop.studyId());
                return CompletableFuture.completedFuture(null);
            }, failure -> {
                retryOrGiveUp(stop, payload, nextPause, failure);
                return CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            retryOrGiveUp(stop, payload, nextPause, e);
        }
    }

    private void retryOrGiveUp(StudyStopped stop, byte[] payload, Duration pause, Throwable failure) {
        if (Refusals.isTerminal(failure)) {
            LOG.errorf("the stop of Study(id=%s) was refused for good by the results service: %s (not sent again)",
                    stop.studyId(), Refusals.reason(failure));
            return;
        }
        LOG.infof("the stop of Study(id=%s) did not reach the results service: %s (transient; sent again in %s)",
                stop.studyId(), Refusals.reason(failure), pause);
        Duration after = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        try {
            retries.schedule(() -> send(stop, payload, after), pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.warnf("the stop of Study(id=%s) is not sent again: the scheduler is stopping", stop.studyId());
        }
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
