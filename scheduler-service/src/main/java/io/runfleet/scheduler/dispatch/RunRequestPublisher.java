package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.FaultInjectionConfig;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.RunRequest;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.messaging.PoolMetadata;
import io.runfleet.wire.messaging.ReceiverLost;
import io.runfleet.wire.rabbitmq.PoolQueues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends run requests on {@link Channels#RUN_REQUESTS}. Requests wait in the emitter's buffer until an agent asks
 * for work (ZeroMQ) or the broker confirms them (RabbitMQ). The emitter's buffer is unbounded because the bound is
 * kept before publishing: the {@link Dispatcher} claims no more runs than {@link RequestBuffer} has room for, so an
 * overflow never turns a claimed run into a failed attempt. Each request's message tells {@link RequestHandOvers}
 * when the transport took it (acknowledged) or could not (refused): the run's claim lease starts only then. A
 * request of a study with a pool carries {@link PoolMetadata}, so that the transport hands it only to that pool's
 * agents (over ZeroMQ it waits at the router until one asks; over RabbitMQ it goes to the pool's queue).
 * With the fault {@code runfleet.scheduler.fault.duplicate-run-requests} on (tests only) each request is sent twice;
 * it holds its place in the buffer until both copies are settled. A transport that learns that the agent it handed
 * a request to is lost says so ({@link ReceiverLost}): {@link RequestHandOvers} sends the run back to PENDING at once
 * if that agent had not claimed it.
 */
@ApplicationScoped
public class RunRequestPublisher {

    private static final Logger LOG = Logger.getLogger(RunRequestPublisher.class);

    private final Emitter<byte[]> emitter;
    private final RequestHandOvers handOvers;
    private final RequestBuffer buffer;
    private final PoolQueues pools;
    private final int copies;

    public RunRequestPublisher(@Channel(Channels.RUN_REQUESTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                               Emitter<byte[]> emitter, RequestHandOvers handOvers, RequestBuffer buffer,
                               PoolQueues pools, FaultInjectionConfig faults) {
        this.emitter = emitter;
        this.pools = pools;
        this.handOvers = handOvers;
        this.buffer = buffer;
        this.copies = faults.duplicateRunRequests() ? 2 : 1;
        if (faults.duplicateRunRequests()) {
            LOG.warn("fault injection on: every run request is published twice "
                    + "(runfleet.scheduler.fault.duplicate-run-requests=true); for tests only");
        }
    }

    public void publish(List<RunRequest> requests) {
        buffer.added(requests.size());
        for (RunRequest request : requests) {
            RunRef ref = request.ref();
            AtomicInteger unsettledCopies = new AtomicInteger(copies);
            Runnable settled = () -> {
                if (unsettledCopies.decrementAndGet() == 0) {
                    buffer.settled();
                }
            };
            try {
                byte[] encoded = WireCodec.encode(request);
                // only agents of the study's pool may take it: the transport routes by this, not by the payload
                Metadata routing = request.pool() == null ? Metadata.empty() : pools.routeTo(request.pool());
                Metadata metadata = routing.with(new ReceiverLost(why -> handOvers.returned(ref, why)));
                for (int copy = 0; copy < copies; copy++) {
                    emitter.send(Message.of(encoded, metadata, () -> {
                        handOvers.taken(ref);
                        settled.run();
                        return CompletableFuture.completedFuture(null);
                    }, failure -> {
                        handOvers.refused(ref, failure);
                        settled.run();
                        return CompletableFuture.completedFuture(null);
                    }));
                }
                LOG.debugf("%s of Study(id=%s) dispatched", ref, request.studyId());
            } catch (RuntimeException e) {
                // Transient: the run goes back to PENDING and is dispatched again as a new attempt.
                LOG.warnf("%s could not be sent (%s); it is dispatched again as a new attempt", ref, e.getMessage());
                handOvers.refused(ref, e);
                if (unsettledCopies.getAndSet(0) > 0) {
                    buffer.settled(); // its place is free: a copy sent before the failure counts no more
                }
            }
        }
    }
}
