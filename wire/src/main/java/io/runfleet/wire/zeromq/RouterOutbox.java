package io.runfleet.wire.zeromq;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A router's outgoing messages waiting, in order, per channel, for a dealer with credit (socket
 * thread only). The queue is bounded by each channel's outgoing window ({@link OutgoingSink}).
 */
final class RouterOutbox {

    /** One message waiting for a peer. */
    record Waiting(String id, byte[] payload, Message<?> message, Runnable finished) {
    }

    /** What happened to one hand-over attempt. */
    enum Handover { SENT, PEER_GONE, PEER_BUSY }

    /** Sends one message to one peer. */
    interface Courier {
        Handover handOver(String peer, String channel, Waiting message);
    }

    private final Map<String, Deque<Waiting>> queues = new HashMap<>();
    private long nextId;

    void add(String channel, byte[] payload, Message<?> message, Runnable finished) {
        queues.computeIfAbsent(channel, c -> new ArrayDeque<>())
                .add(new Waiting(Long.toString(++nextId), payload, message, finished));
    }

    /**
     * Hands waiting messages of the channel to peers with credit, in order. A vanished peer loses
     * its credit and the message goes to the next; a busy peer is skipped for this pass.
     */
    void dispatch(String channel, CreditLedger ledger, Courier courier, Set<String> busy) {
        Deque<Waiting> queue = queues.get(channel);
        while (queue != null && !queue.isEmpty()) {
            String peer = ledger.next(channel, busy);
            if (peer == null) {
                return;
            }
            Waiting head = queue.peek();
            switch (courier.handOver(peer, channel, head)) {
                case SENT -> {
                    queue.poll();
                    ledger.spend(peer, channel);
                    head.message().ack();
                    head.finished().run();
                }
                case PEER_GONE -> ledger.drop(peer);
                case PEER_BUSY -> busy.add(peer);
                default -> throw new IllegalStateException();
            }
        }
    }

    /** Everything still waiting (the transport is closing). */
    Map<String, Deque<Waiting>> drainAll() {
        Map<String, Deque<Waiting>> all = new HashMap<>(queues);
        queues.clear();
        return all;
    }
}
