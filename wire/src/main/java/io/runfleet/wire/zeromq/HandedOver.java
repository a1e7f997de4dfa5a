package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.ReceiverLost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest messages a router handed to each dealer with a {@link ReceiverLost} hook (socket thread only), so that
 * their senders can be told when the dealer is lost. A dealer never acknowledges what it receives, so the router
 * cannot tell which of them it took: it keeps the latest {@code keep} per dealer (a dealer with credit capped at the
 * high-water mark cannot have more than that waiting unstarted) and the sender decides which were not started.
 */
final class HandedOver {

    private final int keep;
    private final Map<String, LinkedHashMap<String, ReceiverLost>> byPeer = new HashMap<>();

    HandedOver(int keep) {
        this.keep = Math.max(1, keep);
    }

    void handed(String peer, String messageId, ReceiverLost hook) {
        LinkedHashMap<String, ReceiverLost> latest = byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>());
        latest.put(messageId, hook);
        if (latest.size() > keep) {
            latest.remove(latest.keySet().iterator().next());
        }
    }

    /** Forgets the peer's messages and returns their hooks, oldest first. */
    List<ReceiverLost> takeAll(String peer) {
        LinkedHashMap<String, ReceiverLost> latest = byPeer.remove(peer);
        return latest == null ? List.of() : new ArrayList<>(latest.values());
    }
}
