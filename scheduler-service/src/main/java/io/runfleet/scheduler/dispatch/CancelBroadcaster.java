package io.runfleet.scheduler.dispatch;

import io.runfleet.wire.CancelRuns;
import io.runfleet.wire.Channels;
import io.runfleet.wire.RunRef;
import io.runfleet.wire.WireCodec;
import io.runfleet.wire.WireMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Tells every agent to stop runs ({@link CancelRuns} on {@link Channels#AGENT_CONTROL}), once the transaction that
 * marked them CANCELLED has committed: an agent must never stop a run the database still shows as going on. The
 * runs named in one transaction go out together, one message per reason. The broadcast is best effort; a run
 * whose agent missed it is named again when that agent next reports on it (see {@link CancelEcho}).
 */
@ApplicationScoped
public class CancelBroadcaster {

    private static final Logger LOG = Logger.getLogger(CancelBroadcaster.class);
    /**
     * Broadcasts waiting for the PUB socket at most. It sends without waiting for anyone, so the buffer is nearly
     * always empty; one that overflows is refused, and the echo to the agent's next report makes up for it.
     */
    private static final int MAX_WAITING_BROADCASTS = 1_024;

    private final Emitter<byte[]> emitter;
    private final TransactionSynchronizationRegistry transactions;

    public CancelBroadcaster(@Channel(Channels.AGENT_CONTROL)
                             @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = MAX_WAITING_BROADCASTS)
                             Emitter<byte[]> emitter, TransactionSynchronizationRegistry transactions) {
        this.emitter = emitter;
        this.transactions = transactions;
    }

    /** Broadcasts the cancel of {@code runs} after the caller's transaction commits; nothing if it rolls back. */
    public void afterCommit(Collection<RunRef> runs, String reason) {
        if (runs.isEmpty()) {
            return;
        }
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("a cancel broadcast needs the transaction that cancelled the runs");
        }
        pending().computeIfAbsent(reason, key -> new ArrayList<>()).addAll(runs);
    }

    /** The runs to broadcast for the current transaction, registered for after its commit on first use. */
    @SuppressWarnings("unchecked")
    private Map<String, List<RunRef>> pending() {
        Map<String, List<RunRef>> byReason = (Map<String, List<RunRef>>) transactions.getResource(this);
        if (byReason == null) {
            Map<String, List<RunRef>> created = new LinkedHashMap<>();
            transactions.putResource(this, created);
            AfterCommit.register(transactions, () -> created.forEach(CancelBroadcaster.this::send));
            byReason = created;
        }
        return byReason;
    }

    private void send(String reason, List<RunRef> runs) {
        try {
            emitter.send(Message.of(WireCodec.encode(new CancelRuns(WireMessage.SCHEMA_VERSION, runs, reason))));
            LOG.infof("told agents to stop %d runs (%s): %s", runs.size(), reason, runs);
        } catch (RuntimeException e) {
            // Transient: the runs are CANCELLED already; an agent still running one is told again at its next report.
            LOG.warnf("cancel of %s could not be broadcast (%s); agents are told again when they report on them",
                    runs, e.getMessage());
        }
    }
}
