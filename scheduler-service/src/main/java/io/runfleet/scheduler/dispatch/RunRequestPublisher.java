package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.FaultInjectionConfig;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends run requests on {@link Channels#RUN_REQUESTS}. Requests wait in the emitter's buffer until an agent asks
 * for work; at most maxParallel runs of each study are out. Each request's message tells {@link RequestHandOvers}
 * when the transport took it (acknowledged) or could not (refused): the run's claim lease starts only then.
 * With the fault {@code runfleet.scheduler.fault.duplicate-run-requests} on (tests only) each request is sent twice.
 */
@ApplicationScoped
public class RunRequestPublisher {

    private static final Logger LOG = Logger.getLogger(RunRequestPublisher.class);

    private final Emitter<byte[]> emitter;
    private final RequestHandOvers handOvers;
    private final int copies;

    public RunRequestPublisher(@Channel(Channels.RUN_REQUESTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                               Emitter<byte[]> emitter, RequestHandOvers handOvers, FaultInjectionConfig faults) {
        this.emitter = emitter;
        this.handOvers = handOvers;
        this.copies = faults.duplicateRunRequests() ? 2 : 1;
        if (faults.duplicateRunRequests()) {
            LOG.warn("fault injection on: every run request is published twice "
                    + "(runfleet.scheduler.fault.duplicate-run-requests=true); for tests only");
        }
    }

    public void publish(List<RunRequest> requests) {
        for (RunRequest request : requests) {
            RunRef ref = request.ref();
            try {
                byte[] encoded = WireCodec.encode(request);
                for (int copy = 0; copy < copies; copy++) {
                    emitter.send(Message.of(encoded, () -> {
                        handOvers.taken(ref);
                        return CompletableFuture.completedFuture(null);
                    }, failure -> {
                        handOvers.refused(ref, failure);
                        return CompletableFuture.completedFuture(null);
                    }));
                }
                LOG.debugf("%s of Study(id=%s) dispatched", ref, request.studyId());
            } catch (RuntimeException e) {
                // Transient: the run goes back to PENDING and is dispatched again as a new attempt.
                LOG.warnf("%s could not be sent (%s); it is dispatched again as a new attempt", ref, e.getMessage());
                handOvers.refused(ref, e);
            }
        }
    }
}
