package io.runfleet.wire.zeromq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dealers a router knows (they said HELLO) and when each was last heard (socket thread only). */
final class PeerTable {

    /** A known dealer: its process instance and when it was last heard. */
    static final class Peer {
        final String routingId;
        final String instance;
        long lastSeen;

        Peer(String routingId, String instance, long lastSeen) {
            this.routingId = routingId;
            this.instance = instance;
            this.lastSeen = lastSeen;
        }
    }

    private final Map<String, Peer> peers = new HashMap<>();

    /** Registers (or re-registers) a dealer; returns the entry it replaced, or null. */
    Peer hello(String routingId, String instance, long now) {
        return peers.put(routingId, new Peer(routingId, instance, now));
    }

    /** Marks a dealer as heard; false if it is not known. */
    boolean touch(String routingId, long now) {
        Peer peer = peers.get(routingId);
        if (peer == null) {
            return false;
        }
        peer.lastSeen = now;
        return true;
    }

    Peer remove(String routingId) {
        return peers.remove(routingId);
    }

    /** Removes and returns the dealers silent for longer than {@code timeoutMillis}. */
    List<Peer> removeSilent(long now, long timeoutMillis) {
        List<Peer> silent = new ArrayList<>();
        peers.values().removeIf(peer -> {
            if (now - peer.lastSeen > timeoutMillis) {
                silent.add(peer);
                return true;
            }
            return false;
        });
        return silent;
    }
}
