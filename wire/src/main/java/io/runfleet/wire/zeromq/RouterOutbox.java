package io.runfleet.wire.zeromq;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A router's outgoing messages waiting, in order, per lane (a channel, or a channel's pool: {@link Lanes}), for a
 * dealer with credit in that lane (socket thread only). Each lane waits on its own, so messages of a pool without
 * dealers never hold back those of another pool. All lanes of a channel together are bounded by the channel's
 * outgoing window ({@link OutgoingSink}).
 */
final class RouterOutbox {

    /** One message waiting for a peer. */
    record Waiting(String id, String channel, byte[] payload, Message<?> message, Runnable finished) {
    }

    /** What happened to one hand-over attempt. */
    enum Handover { SENT, PEER_GONE, PEER_BUSY }

    /** Sends one message to one peer. */
    interface Courier {
        Handover handOver(String peer, Waiting message);
    }

    private final Map<String, Deque<Waiting>> queues = new HashMap<>();
    private long nextId;

    void add(String lane, String channel, byte[] payload, Message<?> message, Runnable finished) {
        queues.computeIfAbsent(lane, c -> new ArrayDeque<>())
                .add(new Waiting(Long.toString(++nextId), channel, payload, message, finished));
    }

    /**
     * Hands waiting messages of the lane to peers with credit in it, in order. A vanished peer loses
     * its credit and the message goes to the next; a busy peer is skipped for this pass.
     */
    void dispatch(String lane, CreditLedger ledger, Courier courier, Set<String> busy) {
        Deque<Waiting> queue = queues.get(lane);
        while (queue != null && !queue.isEmpty()) {
            String peer = ledger.next(lane, busy);
            if (peer == null) {
                return;
            }
            Waiting head = queue.peek();
            switch (courier.handOver(peer, head)) {
                case SENT -> {
                    queue.poll();
                    ledger.spend(peer, lane);
                    head.message().ack();
                    head.finished().run();
                }
                case PEER_GONE -> ledger.drop(peer);
                case PEER_BUSY -> busy.add(peer);
                default -> throw new IllegalStateException();
            }
        }
        if (queue != null && queue.isEmpty() && Lanes.pooled(lane)) {
            queues.remove(lane); // a pool lives as long as its study: its lane is not kept for ever
        }
    }

    /** Everything still waiting, by lane (the transport is closing). */
    Map<String, Deque<Waiting>> drainAll() {
        Map<String, Deque<Waiting>> all = new HashMap<>(queues);
        queues.clear();
        return all;
    }
}
