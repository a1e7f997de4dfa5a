package io.runfleet.wire.zeromq;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many messages each dealer may still receive in each lane, a channel or a channel's pool ({@link Lanes}; router
 * side, socket thread only). Peers with credit are chosen round-robin: a peer that received one goes to the back.
 */
final class CreditLedger {

    private final Map<String, LinkedHashMap<String, Long>> byLane = new HashMap<>();

    void grant(String peer, String lane, long amount) {
        if (amount <= 0) {
            return;
        }
        LinkedHashMap<String, Long> credits = byLane.computeIfAbsent(lane, c -> new LinkedHashMap<>());
        credits.merge(peer, amount, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    }

    /** The next peer with credit in the lane, skipping {@code skip}; null if none. */
    String next(String lane, Set<String> skip) {
        LinkedHashMap<String, Long> credits = byLane.get(lane);
        if (credits == null) {
            return null;
        }
        for (String peer : credits.keySet()) {
            if (!skip.contains(peer)) {
                return peer;
            }
        }
        return null;
    }

    /** One message went to the peer: spend one credit and move the peer to the back of the turn. */
    void spend(String peer, String lane) {
        LinkedHashMap<String, Long> credits = byLane.get(lane);
        Long left = credits == null ? null : credits.remove(peer);
        if (left != null && left > 1) {
            credits.put(peer, left - 1);
        }
    }

    /** Forgets the peer's credit in one lane (it withdrew it: CREDIT 0); returns how much. */
    long withdraw(String peer, String lane) {
        LinkedHashMap<String, Long> credits = byLane.get(lane);
        Long left = credits == null ? null : credits.remove(peer);
        return left == null ? 0 : left;
    }

    /** Forgets all of a peer's credit (it vanished, said BYE, or said HELLO again); returns how much. */
    long drop(String peer) {
        long dropped = 0;
        for (LinkedHashMap<String, Long> credits : byLane.values()) {
            Long left = credits.remove(peer);
            dropped += left == null ? 0 : left;
        }
        // the lanes of pools whose dealers are all gone: a pool lives as long as its study
        byLane.entrySet().removeIf(lane -> lane.getValue().isEmpty() && Lanes.pooled(lane.getKey()));
        return dropped;
    }
}
