package io.runfleet.wire.zeromq;

import io.runfleet.wire.Pools;
import io.runfleet.wire.messaging.IncomingStream;
import io.runfleet.wire.messaging.PoolMetadata;
import io.runfleet.wire.messaging.ReceiverLost;
import io.runfleet.wire.messaging.Refusals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.ZError;

/**
 * A ROUTER bound to an endpoint, serving every channel configured on it. Outgoing messages go only
 * to dealers that granted credit on that channel, and in the message's pool ({@link PoolMetadata}) if it has one
 * ({@link CreditLedger}, {@link Lanes}); incoming messages are
 * ACKed or NACKed to their sender when the application settles them. Dealers that fall silent for
 * {@code heartbeat-timeout}, say BYE, or turn out unreachable ({@code ROUTER_MANDATORY}) lose
 * their credit, and what was meant for them goes to another dealer; the senders of the messages already handed to
 * them are told ({@link ReceiverLost}, {@link HandedOver}). A dealer that sends CREDIT 0 withdraws its credit.
 */
final class RouterLoop extends SocketLoop {

    private static final Logger LOG = Logger.getLogger(RouterLoop.class);

    private final PeerTable peers = new PeerTable();
    private final CreditLedger ledger = new CreditLedger();
    private final RouterOutbox outbox = new RouterOutbox();
    private final HandedOver handedOver;
    private final Map<String, IncomingStream> incoming = new HashMap<>();
    private final Map<String, String> advertised = new LinkedHashMap<>();
    private final ChannelRoles roles = new ChannelRoles();
    /** Dealer messages handed to the application and not yet settled: a resend of one is not delivered twice. */
    private final Set<String> unsettled = new HashSet<>();
    /** Channels whose incoming buffer was found full, so that a flood is logged once, not per message. */
    private final Set<String> overflowing = new HashSet<>();

    RouterLoop(ZContext context, ChannelSettings settings, Executor delivery, String instanceId,
            CurveSettings curve) {
        super(context, settings, SocketType.ROUTER, delivery, instanceId, curve);
        this.handedOver = new HandedOver(settings.highWaterMark());
    }

    @Override
    protected void open(ZMQ.Socket created) {
        created.setRouterMandatory(true);
        // a dealer that reconnects under the same routing id replaces its old connection
        created.setRouterHandover(true);
        created.bind(settings.endpoint());
        LOG.infof("Router(instance=%s) bound to %s", instanceId, settings.endpoint());
    }

    /** Adds addresses told to every dealer in WELCOME. */
    void advertise(Map<String, String> addresses) {
        execute(() -> advertised.putAll(addresses));
    }

    @Override
    Flow.Publisher<Message<byte[]>> openIncoming(ChannelSettings channel) {
        // bounded by the high-water mark: what does not fit is not acknowledged, so its sender resends it later
        IncomingStream stream = new IncomingStream(channel.channel(), delivery, IncomingStream.DemandListener.NONE,
                channel.highWaterMark());
        execute(() -> {
            incoming.put(channel.channel(), stream);
            roles.incoming(channel);
        });
        return stream;
    }

    @Override
    Flow.Subscriber<Message<?>> openOutgoing(ChannelSettings channel) {
        execute(() -> roles.outgoing(channel));
        return new OutgoingSink(channel.channel(), channel.highWaterMark(), (name, payload, message, finished) -> {
            String lane = Lanes.of(name, message.getMetadata(PoolMetadata.class).map(PoolMetadata::pool).orElse(null));
            execute(() -> {
                outbox.add(lane, name, payload, message, finished);
                outbox.dispatch(lane, ledger, this::handOver, new HashSet<>());
            });
        });
    }

    @Override
    protected void onFrames(List<byte[]> frames) {
        onFrames(frames, null);
    }

    @Override
    protected void onFrames(List<byte[]> frames, String senderRole) {
        String peer = RoutingIds.key(frames.get(0));
        Frames.Frame frame;
        try {
            frame = Frames.parse(frames.subList(1, frames.size()));
        } catch (Frames.MalformedFrameException e) {
            LOG.warnf("Router(instance=%s): dropping malformed frames from Peer(id=%s): %s", instanceId,
                    RoutingIds.printable(peer), e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        boolean known = peers.touch(peer, now);
        try {
            handle(peer, senderRole, known, frame, now);
        } catch (Frames.MalformedFrameException e) {
            LOG.warnf("Router(instance=%s): dropping %s from Peer(id=%s): %s", instanceId, frame.command(),
                    RoutingIds.printable(peer), e.getMessage());
        }
    }

    private void handle(String peer, String senderRole, boolean known, Frames.Frame frame, long now)
            throws Frames.MalformedFrameException {
        switch (frame.command()) {
            case HELLO -> onHello(peer, frame.text(0), frame.number(1), now);
            case CREDIT -> {
                Optional<String> refusal = roles.refuseReceive(frame.text(0), senderRole);
                if (refusal.isPresent()) {
                    logRefusal(peer, frame.text(0), "CREDIT", refusal.get());
                } else if (known) {
                    onCredit(peer, frame.text(0), frame.number(1), frame.optionalText(2));
                } else {
                    reply(peer, Frames.of(Command.RESET));
                }
            }
            case MSG -> {
                Optional<String> refusal = roles.refuseSend(frame.text(0), senderRole);
                if (refusal.isPresent()) {
                    logRefusal(peer, frame.text(0), "message " + frame.text(1), refusal.get());
                    reply(peer, Frames.of(Command.NACK, frame.text(0), frame.text(1), Disposition.TERMINAL.word(),
                            refusal.get()));
                } else {
                    onMessage(peer, frame.text(0), frame.text(1), frame.bytes(2));
                }
                if (!known) {
                    reply(peer, Frames.of(Command.RESET));
                }
            }
            case PING -> reply(peer, known ? Frames.of(Command.PONG, instanceId) : Frames.of(Command.RESET));
            case BYE -> forget(peer, "said goodbye");
            case PONG -> {
                // a sign of life, already counted
            }
            default -> LOG.warnf("Router(instance=%s): dropping unexpected %s from Peer(id=%s)", instanceId,
                    frame.command(), RoutingIds.printable(peer));
        }
    }

    /** Once per peer and channel: a refused sender resends, and a forger may try many ids. */
    private void logRefusal(String peer, String channel, String what, String reason) {
        if (roles.firstRefusal(peer, channel)) {
            LOG.warnf("Router(instance=%s): %s on channel '%s' from Peer(id=%s) %s; further refusals of this peer on"
                    + " this channel are not logged", instanceId, what, channel, RoutingIds.printable(peer), reason);
        }
    }

    private void onHello(String peer, String instance, long nonce, long now) {
        PeerTable.Peer previous = peers.hello(peer, instance, now);
        // every HELLO starts a new credit session: the dealer re-grants what it still wants after WELCOME
        long dropped = ledger.drop(peer);
        if (previous == null) {
            LOG.infof("Router(instance=%s): Peer(id=%s, instance=%s) said hello", instanceId,
                    RoutingIds.printable(peer), instance);
        } else {
            LOG.debugf("Router(instance=%s): Peer(id=%s) said hello again; %d credit reset", instanceId,
                    RoutingIds.printable(peer), dropped);
        }
        reply(peer, Frames.of(Command.WELCOME, instanceId, nonce, Advertisements.format(advertised)));
    }

    private void onCredit(String peer, String channel, long amount, String pool) {
        if (amount == 0) {
            long withdrawn = ledger.withdraw(peer, Lanes.of(channel, pool));
            LOG.infof("Router(instance=%s): Peer(id=%s) takes no more on channel '%s'; %d credit withdrawn", instanceId,
                    RoutingIds.printable(peer), channel, withdrawn);
            return;
        }
        if (amount < 0) {
            LOG.warnf("Router(instance=%s): ignoring CREDIT %d on channel '%s' from Peer(id=%s)", instanceId, amount,
                    channel, RoutingIds.printable(peer));
            return;
        }
        String poolProblem = pool == null ? null : Pools.problem("its pool", pool);
        if (poolProblem != null) {
            LOG.warnf("Router(instance=%s): ignoring CREDIT on channel '%s' from Peer(id=%s): %s", instanceId, channel,
                    RoutingIds.printable(peer), poolProblem);
            return;
        }
        String lane = Lanes.of(channel, pool);
        ledger.grant(peer, lane, amount);
        LOG.debugf("Router(instance=%s): Peer(id=%s) granted %d in %s", instanceId, RoutingIds.printable(peer), amount,
                Lanes.describe(lane));
        outbox.dispatch(lane, ledger, this::handOver, new HashSet<>());
    }

    private void onMessage(String peer, String channel, String id, byte[] payload) {
        IncomingStream stream = incoming.get(channel);
        if (stream == null) {
            // transient, not refused: at start-up a dealer may send before this channel is opened; it resends
            LOG.warnf("Router(instance=%s): dropping message %s from Peer(id=%s): no incoming channel '%s' here"
                    + " (yet); the sender will resend it", instanceId, id, RoutingIds.printable(peer), channel);
            return;
        }
        String key = peer + '\u0000' + channel + '\u0000' + id;
        if (!unsettled.add(key)) {
            LOG.debugf("Router(instance=%s): message %s from Peer(id=%s) is still being processed; resend ignored",
                    instanceId, id, RoutingIds.printable(peer));
            return;
        }
        AtomicBoolean settled = new AtomicBoolean();
        Metadata metadata = Metadata.of(new ZmqMessageMetadata(channel, RoutingIds.printable(peer), id));
        boolean taken = stream.offer(Message.of(payload, metadata, () -> {
            if (settled.compareAndSet(false, true)) {
                execute(() -> settle(key, peer, Frames.of(Command.ACK, channel, id)));
            }
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            if (settled.compareAndSet(false, true)) {
                String reason = Refusals.reason(failure);
                String disposition = Disposition.of(failure).word();
                execute(() -> settle(key, peer, Frames.of(Command.NACK, channel, id, disposition, reason)));
            }
            return CompletableFuture.completedFuture(null);
        }));
        if (!taken) {
            // neither ACK nor NACK, and not handed to the application, so nobody settles it: the sender resends it
            // after its ack-timeout, and that resend must be taken again
            unsettled.remove(key);
            if (overflowing.add(channel)) {
                LOG.warnf("Router(instance=%s): channel '%s' holds %d messages the application has not taken"
                        + " (high-water-mark); dropping new ones unacknowledged until it catches up, their senders"
                        + " resend them", instanceId, channel, stream.bufferLimit());
            }
        } else {
            overflowing.remove(channel);
        }
    }

    private void settle(String key, String peer, List<byte[]> answer) {
        unsettled.remove(key);
        reply(peer, answer);
    }

    private RouterOutbox.Handover handOver(String peer, RouterOutbox.Waiting message) {
        String channel = message.channel();
        RouterOutbox.Handover result = sendTo(peer, Frames.of(Command.MSG, channel, message.id(), message.payload()));
        LOG.debugf("Router(instance=%s): channel '%s' message %s to Peer(id=%s): %s", instanceId, channel,
                message.id(), RoutingIds.printable(peer), result);
        if (result == RouterOutbox.Handover.SENT) {
            message.message().getMetadata(ReceiverLost.class).ifPresent(hook -> handedOver.handed(peer, message.id(),
                    hook));
        } else if (result == RouterOutbox.Handover.PEER_GONE) {
            forget(peer, "is unreachable (EHOSTUNREACH)");
        } else if (result == RouterOutbox.Handover.PEER_BUSY) {
            LOG.warnf("Router(instance=%s): Peer(id=%s) is at its high-water mark; channel '%s' tries another peer",
                    instanceId, RoutingIds.printable(peer), channel);
        }
        return result;
    }

    /** Control answers are best effort: a lost ACK means a resend, a lost WELCOME another HELLO. */
    private void reply(String peer, List<byte[]> frames) {
        if (sendTo(peer, frames) == RouterOutbox.Handover.PEER_GONE) {
            forget(peer, "is unreachable (EHOSTUNREACH)");
        }
    }

    private RouterOutbox.Handover sendTo(String peer, List<byte[]> frames) {
        List<byte[]> routed = new ArrayList<>(frames.size() + 1);
        routed.add(RoutingIds.frame(peer));
        routed.addAll(frames);
        try {
            if (send(socket, routed)) {
                return RouterOutbox.Handover.SENT;
            }
            return socket.errno() == ZError.EHOSTUNREACH ? RouterOutbox.Handover.PEER_GONE
                    : RouterOutbox.Handover.PEER_BUSY;
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZError.EHOSTUNREACH) {
                return RouterOutbox.Handover.PEER_GONE;
            }
            throw e;
        }
    }

    private void forget(String peer, String why) {
        PeerTable.Peer removed = peers.remove(peer);
        long dropped = ledger.drop(peer);
        roles.forget(peer);
        tellSenders(peer, why);
        if (removed != null || dropped > 0) {
            LOG.logf(dropped > 0 ? Logger.Level.WARN : Logger.Level.INFO,
                    "Router(instance=%s): Peer(id=%s) %s; dropping its credit (%d)", instanceId,
                    RoutingIds.printable(peer), why, dropped);
        }
    }

    /** The dealer is lost: the senders of what it was handed learn it now, not at a timeout of their own. */
    private void tellSenders(String peer, String why) {
        List<ReceiverLost> hooks = handedOver.takeAll(peer);
        if (hooks.isEmpty()) {
            return;
        }
        String reason = "Peer(id=" + RoutingIds.printable(peer) + ") it was handed to " + why;
        LOG.infof("Router(instance=%s): telling the senders of %d messages handed to Peer(id=%s), which %s",
                instanceId, hooks.size(), RoutingIds.printable(peer), why);
        for (ReceiverLost hook : hooks) {
            try {
                hook.lost().accept(reason);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Router(instance=%s): a sender's ReceiverLost hook failed", instanceId);
            }
        }
    }

    @Override
    protected void onTick(long now) {
        long timeout = settings.heartbeatTimeout().toMillis();
        List<PeerTable.Peer> silent = peers.removeSilent(now, timeout);
        for (PeerTable.Peer peer : silent) {
            long dropped = ledger.drop(peer.routingId);
            roles.forget(peer.routingId);
            tellSenders(peer.routingId, "fell silent for over " + timeout + " ms");
            LOG.logf(dropped > 0 ? Logger.Level.WARN : Logger.Level.INFO,
                    "Router(instance=%s): Peer(id=%s, instance=%s) silent for over %d ms; dropping its credit (%d)",
                    instanceId, RoutingIds.printable(peer.routingId), peer.instance, timeout, dropped);
        }
    }

    @Override
    protected void onStop() {
        outbox.drainAll().forEach((lane, waiting) -> waiting.forEach(message -> message.message().nack(
                new IllegalStateException("transport closed before a message of " + Lanes.describe(lane)
                        + " found a dealer with credit"))));
        incoming.values().forEach(IncomingStream::complete);
    }
}
