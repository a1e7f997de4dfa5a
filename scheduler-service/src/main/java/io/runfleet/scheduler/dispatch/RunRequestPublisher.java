package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.FaultInjectionConfig;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends run requests on {@link Channels#RUN_REQUESTS}. Requests wait in the emitter's buffer until an agent asks
 * for work; the buffer stays small because the dispatcher never has more than maxParallel runs of a study out.
 * With the fault {@code runfleet.scheduler.fault.duplicate-run-requests} on (tests only) each request is sent twice.
 */
@ApplicationScoped
public class RunRequestPublisher {

    private static final Logger LOG = Logger.getLogger(RunRequestPublisher.class);

    private final Emitter<byte[]> emitter;
    private final int copies;

    public RunRequestPublisher(@Channel(Channels.RUN_REQUESTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                               Emitter<byte[]> emitter, FaultInjectionConfig faults) {
        this.emitter = emitter;
        this.copies = faults.duplicateRunRequests() ? 2 : 1;
        if (faults.duplicateRunRequests()) {
            LOG.warn("fault injection on: every run request is published twice "
                    + "(runfleet.scheduler.fault.duplicate-run-requests=true); for tests only");
        }
    }

    public void publish(List<RunRequest> requests) {
        for (RunRequest request : requests) {
            try {
                byte[] encoded = WireCodec.encode(request);
                for (int copy = 0; copy < copies; copy++) {
                    emitter.send(Message.of(encoded));
                }
                LOG.debugf("%s of Study(id=%s) dispatched", request.ref(), request.studyId());
            } catch (RuntimeException e) {
                // Transient: the claim lease runs out and the run is dispatched again as a new attempt.
                LOG.warnf("%s could not be sent (%s); it is dispatched again after its claim lease",
                        request.ref(), e.getMessage());
            }
        }
    }
}
