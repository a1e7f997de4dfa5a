package io.runfleet.scheduler.dispatch;

import io.runfleet.scheduler.config.SchedulerConfig;
import io.runfleet.scheduler.persistence.RunRow;
import io.runfleet.scheduler.persistence.RunState;
import io.runfleet.scheduler.persistence.RunStore;
import io.runfleet.wire.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * What the transport did with the run requests the scheduler published. The transport settles each request's
 * message on its own threads: acknowledged once it took the request (ZeroMQ: handed to an agent that asked for
 * work; RabbitMQ: stored by the broker), refused when it could not. The news waits here until the scheduler loop
 * applies it, in its next dispatch transaction: a taken request marks its run handed over and, unless the transport redelivers requests itself,
 * starts the run's claim lease; a refused one sends its run back to PENDING for a new attempt. A request that
 * waits for an agent has no lease, so it is never superseded while it may still be delivered. A request handed to an
 * agent the transport then lost ({@code returned}) sends its run back too, if the agent had not claimed it: it never
 * started, so no attempt is counted, and its copy is told superseded (as when its claim lease runs out), so that
 * the run has one live request again.
 */
@ApplicationScoped
public class RequestHandOvers {

    private static final Logger LOG = Logger.getLogger(RequestHandOvers.class);
    /**
     * How long a run whose request the transport refused waits before its next attempt: a transport that refuses
     * (a broker that cannot store) rarely takes the request a dispatch interval later, and each try is an attempt.
     */
    private static final Duration REFUSED_BACKOFF = Duration.ofSeconds(1);

    /** One settled request; {@code returned}: taken, then the agent it went to was lost. */
    record HandOver(RunRef ref, Instant at, String refusal, boolean returned) {
        boolean taken() {
            return refusal == null;
        }
    }

    /** Tells the agents that may hold the given attempts that they are superseded, after the caller's commit. */
    @FunctionalInterface
    interface Supersede {
        void afterCommit(List<RunRef> attempts);
    }

    private final Queue<HandOver> news = new ConcurrentLinkedQueue<>();
    private final Duration claimTimeout;
    private final Supersede supersede;

    @Inject
    public RequestHandOvers(SchedulerConfig config, CancelBroadcaster broadcaster) {
        this(config.transportRedeliversRequests() ? null : config.claimTimeout(),
                attempts -> broadcaster.afterCommit(attempts, CancelReasons.SUPERSEDED));
    }

    /** Without anyone to tell of superseded attempts (tests of the publisher). */
    RequestHandOvers(Duration claimTimeout) {
        this(claimTimeout, attempts -> { });
    }

    /** @param claimTimeout the claim lease a taken request starts; null when the transport redelivers requests */
    RequestHandOvers(Duration claimTimeout, Supersede supersede) {
        this.claimTimeout = claimTimeout;
        this.supersede = supersede;
    }

    /** The transport took the request (any thread). */
    void taken(RunRef ref) {
        news.add(new HandOver(ref, Instant.now(), null, false));
    }

    /** The transport could not take the request (any thread). */
    void refused(RunRef ref, Throwable failure) {
        news.add(new HandOver(ref, Instant.now(), failure == null ? "refused" : String.valueOf(failure.getMessage()),
                false));
    }

    /** The transport took the request, then lost the agent it handed it to (any thread). */
    void returned(RunRef ref, String why) {
        news.add(new HandOver(ref, Instant.now(), why, true));
    }

    /** Takes what arrived so far; give it back with {@link #restore} if it could not be applied. */
    List<HandOver> drain() {
        List<HandOver> drained = new ArrayList<>();
        for (HandOver next = news.poll(); next != null; next = news.poll()) {
            drained.add(next);
        }
        return drained;
    }

    void restore(List<HandOver> unapplied) {
        news.addAll(unapplied);
    }

    /** Applies {@code settled} in the caller's transaction; returns whether a run went back to PENDING. */
    boolean apply(Connection connection, List<HandOver> settled, Instant now) throws SQLException {
        if (settled.isEmpty()) {
            return false;
        }
        Map<RunRef, Instant> taken = new LinkedHashMap<>();
        Map<String, HandOver> refused = new LinkedHashMap<>();
        for (HandOver handOver : settled) {
            if (handOver.taken()) {
                taken.putIfAbsent(handOver.ref(), handOver.at());
            } else {
                refused.put(handOver.ref().runId(), handOver);
            }
        }
        RunStore.markHandedOver(connection, taken, claimTimeout, now);
        return !refused.isEmpty() && sendBack(connection, refused, now);
    }

    private boolean sendBack(Connection connection, Map<String, HandOver> refused, Instant now)
            throws SQLException {
        List<RunRow> back = new ArrayList<>();
        List<RunRef> superseded = new ArrayList<>();
        for (RunRow run : RunStore.byIds(connection, refused.keySet()).values()) {
            HandOver handOver = refused.get(run.id());
            // only the attempt concerned, and only while nobody claimed it: a claimed run is the agent's (its lease)
            if (!run.isCurrent(handOver.ref().attempt()) || run.state() != RunState.DISPATCHED) {
                continue;
            }
            if (handOver.returned()) {
                RunRef attempt = run.ref();
                RunLifecycle.unclaimed(run);
                back.add(run);
                superseded.add(attempt);
                LOG.infof("%s was handed to an agent that is gone without claiming it (%s); pending again for a new"
                        + " attempt", attempt, handOver.refusal());
            } else if (run.handedOverAt() == null) { // a duplicate of a refused copy may have gone out
                RunLifecycle.unclaimed(run);
                run.notBefore(now.plus(REFUSED_BACKOFF));
                back.add(run);
                LOG.warnf("%s: the transport refused its request (%s); pending again for a new attempt", run.ref(),
                        handOver.refusal());
            }
        }
        RunStore.update(connection, back, now);
        supersede.afterCommit(superseded);
        return !back.isEmpty();
    }
}
