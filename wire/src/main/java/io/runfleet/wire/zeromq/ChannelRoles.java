package io.runfleet.wire.zeromq;

import io.runfleet.wire.security.PeerRole;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which roles may use each channel of one router (socket thread only), and which refusals were logged
 * already. The role of a sender is the User-Id its CurveZMQ connection was authenticated with; a
 * plain-text connection has none and is not checked (plain text is allowed on loopback only).
 */
final class ChannelRoles {

    private final Map<String, Set<PeerRole>> incoming = new HashMap<>();
    private final Map<String, Set<PeerRole>> outgoing = new HashMap<>();
    private final Set<String> logged = new HashSet<>();

    void incoming(ChannelSettings channel) {
        incoming.put(channel.channel(), channel.roles());
    }

    void outgoing(ChannelSettings channel) {
        outgoing.put(channel.channel(), channel.roles());
    }

    /** Why a peer with {@code senderRole} may not send on {@code channel}, or empty if it may. */
    Optional<String> refuseSend(String channel, String senderRole) {
        return refusal(incoming.get(channel), channel, senderRole, "send on");
    }

    /** Why a peer with {@code senderRole} may not receive from {@code channel} (grant credit), or empty. */
    Optional<String> refuseReceive(String channel, String senderRole) {
        return refusal(outgoing.get(channel), channel, senderRole, "receive from");
    }

    private static Optional<String> refusal(Set<PeerRole> allowed, String channel, String senderRole, String what) {
        if (senderRole == null || allowed == null || allowed.isEmpty()) {
            return Optional.empty();
        }
        for (PeerRole role : allowed) {
            if (role.label().equals(senderRole)) {
                return Optional.empty();
            }
        }
        return Optional.of("refused: a peer with role '" + senderRole + "' may not " + what + " channel '" + channel
                + "' (only " + allowed.stream().map(PeerRole::label).sorted().toList() + ")");
    }

    /** True the first time a peer is refused on a channel: later refusals (resends, more forgeries) are not logged. */
    boolean firstRefusal(String peer, String channel) {
        return logged.add(peer + '\u0000' + channel);
    }

    /** The peer is gone: a new connection under its id is logged afresh. */
    void forget(String peer) {
        logged.removeIf(key -> key.startsWith(peer + '\u0000'));
    }
}
