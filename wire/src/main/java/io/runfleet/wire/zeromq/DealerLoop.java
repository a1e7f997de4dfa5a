package io.runfleet.wire.zeromq;

import io.runfleet.wire.messaging.IncomingStream;
import io.runfleet.wire.messaging.UndeliverableException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A DEALER connected to one router. Incoming channels turn the subscriber's demand into CREDIT;
 * outgoing channels send every message with an id and keep it until the router side ACKs or NACKs
 * it, resending after {@code ack-timeout}. The dealer pings its router, says HELLO again when the
 * router is silent or has forgotten it or a connection to it was lost, and re-grants outstanding credit
 * and resends unacknowledged messages after each WELCOME. A channel whose subscriber takes no more withdraws its
 * credit (CREDIT 0), so that the router sends it nothing more.
 */
final class DealerLoop extends SocketLoop {

    private static final Logger LOG = Logger.getLogger(DealerLoop.class);
    /**
     * How long the closing socket may take to send its last frames (the BYE that tells the router to hand what it
     * sent here back to its senders); without it a BYE still queued is dropped and the router waits out its
     * heartbeat timeout instead. Bounded: a router that is away must not hold a stopping process up.
     */
    private static final int CLOSING_LINGER_MILLIS = 500;

    /** An incoming channel; {@code pool} is the pool its credit is granted in, null for none. */
    private record IncomingChannel(IncomingStream stream, DealerCredit credit, String pool) {
    }

    private final String identity;
    private final Map<String, IncomingChannel> incoming = new HashMap<>();
    private final PendingAcks pending = new PendingAcks();
    /** Outgoing channels with a delivery timeout, in ms (socket thread only). */
    private final Map<String, Long> deliveryTimeouts = new HashMap<>();
    private final RouterSession session;
    private String address;

    DealerLoop(ZContext context, ChannelSettings settings, Executor delivery, String instanceId, int socketNumber,
            CurveSettings curve) {
        super(context, settings, SocketType.DEALER, delivery, instanceId, curve);
        this.identity = instanceId + "-" + socketNumber;
        this.session = new RouterSession(settings.heartbeatInterval().toMillis(),
                settings.heartbeatTimeout().toMillis(), System.currentTimeMillis());
    }

    @Override
    protected void open(ZMQ.Socket created) {
        created.setIdentity(Frames.text(identity));
        // queue nothing while disconnected: HELLOs and resends would otherwise pile up for a router that is down
        created.setImmediate(true);
        if (settings.discover().isEmpty()) {
            address = settings.endpoint();
            created.connect(address);
        }
    }

    @Override
    protected boolean prepare() {
        if (address != null) {
            return true;
        }
        Discovery.Found found = new Discovery(context, settings, instanceId, curve).resolve(this::isRunning);
        if (found == null) {
            return false;
        }
        address = found.address();
        found.secure(socket, curve);
        socket.connect(address);
        return true;
    }

    @Override
    Flow.Publisher<Message<byte[]>> openIncoming(ChannelSettings channel) {
        String name = channel.channel();
        String pool = channel.pool().orElse(null);
        DealerCredit credit = new DealerCredit(channel.highWaterMark());
        IncomingStream stream = new IncomingStream(name, delivery, new IncomingStream.DemandListener() {
            @Override
            public void requested(long n) {
                execute(() -> {
                    credit.want(n);
                    topUp(name, credit, pool);
                });
            }

            @Override
            public void cancelled() {
                execute(credit::cancel);
            }
        }, 0);
        execute(() -> incoming.put(name, new IncomingChannel(stream, credit, pool)));
        return stream;
    }

    @Override
    Flow.Subscriber<Message<?>> openOutgoing(ChannelSettings channel) {
        channel.deliveryTimeout().ifPresent(timeout ->
                execute(() -> deliveryTimeouts.put(channel.channel(), timeout.toMillis())));
        return new OutgoingSink(channel.channel(), channel.highWaterMark(),
                (name, payload, message, finished) -> execute(() -> sendReliably(name, payload, message, finished)));
    }

    /** Any thread: the subscriber of {@code channel} takes no more; the router's credit for it is withdrawn. */
    void withdrawCredit(String channel) {
        execute(() -> {
            IncomingChannel in = incoming.get(channel);
            if (in == null) {
                return;
            }
            in.credit().withdraw();
            List<byte[]> withdrawal = in.pool() == null ? Frames.of(Command.CREDIT, channel, 0)
                    : Frames.of(Command.CREDIT, channel, 0, in.pool());
            // sent even when unwelcomed: a CREDIT a router does not know the sender of only costs a RESET
            boolean sent = send(socket, withdrawal);
            LOG.infof("Dealer(id=%s): takes no more on channel '%s'; credit withdrawn%s", identity, channel,
                    sent ? "" : " (not sent: not connected; the router drops the credit when this dealer closes)");
        });
    }

    private void sendReliably(String channel, byte[] payload, Message<?> message, Runnable finished) {
        long now = System.currentTimeMillis();
        PendingAcks.Entry entry = pending.add(channel, payload, message, finished, now);
        entry.sentAt = now;
        transmit(entry);
    }

    private void transmit(PendingAcks.Entry entry) {
        entry.handedOver = send(socket, Frames.of(Command.MSG, entry.channel, entry.id, entry.payload));
        if (!entry.handedOver) {
            LOG.debugf("Dealer(id=%s): not connected or at the high-water mark; channel '%s' message %s goes again"
                    + " after the next WELCOME or ack-timeout", identity, entry.channel, entry.id);
        }
    }

    @Override
    protected void onFrames(List<byte[]> frames) {
        Frames.Frame frame;
        try {
            frame = Frames.parse(frames);
        } catch (Frames.MalformedFrameException e) {
            LOG.warnf("Dealer(id=%s): dropping malformed frames from the router at %s: %s", identity, address,
                    e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        if (session.heard(now)) {
            LOG.infof("Dealer(id=%s): the router at %s answers again", identity, address);
        }
        try {
            handle(frame, now);
        } catch (Frames.MalformedFrameException e) {
            LOG.warnf("Dealer(id=%s): dropping %s from the router at %s: %s", identity, frame.command(), address,
                    e.getMessage());
        }
    }

    private void handle(Frames.Frame frame, long now) throws Frames.MalformedFrameException {
        switch (frame.command()) {
            case WELCOME -> onWelcome(frame.text(0), frame.number(1));
            case MSG -> onMessage(frame.text(0), frame.text(1), frame.bytes(2));
            case ACK -> onAck(frame.text(1));
            case NACK -> onNack(frame.text(0), frame.text(1), Disposition.parse(frame.text(2)), frame.text(3));
            case PING -> send(socket, Frames.of(Command.PONG, instanceId));
            case PONG -> {
                // a sign of life, already counted
            }
            case RESET -> {
                session.forgotten();
                if (session.helloDue(now)) {
                    sayHello(now);
                }
            }
            default -> LOG.warnf("Dealer(id=%s): dropping unexpected %s from the router at %s", identity,
                    frame.command(), address);
        }
    }

    private void sayHello(long now) {
        long nonce = session.helloSent(now);
        if (!send(socket, Frames.of(Command.HELLO, instanceId, nonce))) {
            LOG.debugf("Dealer(id=%s): HELLO not sent (not connected yet); trying again next interval", identity);
        }
    }

    private void onWelcome(String routerInstance, long nonce) {
        String previous = session.routerInstance();
        if (!session.welcome(nonce, routerInstance)) {
            LOG.debugf("Dealer(id=%s): ignoring a stale WELCOME (nonce %d)", identity, nonce);
            return;
        }
        if (!routerInstance.equals(previous)) {
            LOG.infof("Dealer(id=%s): welcomed by Router(instance=%s) at %s%s", identity, routerInstance, address,
                    previous == null ? "" : " (a new router process; was " + previous + ")");
        }
        incoming.forEach((channel, in) -> {
            in.credit().newSession();
            topUp(channel, in.credit(), in.pool());
        });
        // what a previous router process had not acknowledged died with it, and what ZeroMQ refused while
        // disconnected never left: both go now rather than at ack-timeout
        boolean newRouter = previous != null && !previous.equals(routerInstance);
        long now = System.currentTimeMillis();
        for (PendingAcks.Entry entry : pending.all()) {
            if (newRouter || !entry.handedOver) {
                entry.sentAt = now;
                transmit(entry);
            }
        }
    }

    private void onMessage(String channel, String id, byte[] payload) {
        IncomingChannel in = incoming.get(channel);
        if (in == null) {
            LOG.warnf("Dealer(id=%s): dropping message %s on channel '%s', which this dealer does not consume",
                    identity, id, channel);
            return;
        }
        in.credit().received();
        LOG.debugf("Dealer(id=%s): received channel '%s' message %s", identity, channel, id);
        in.stream().offer(Message.of(payload, Metadata.of(new ZmqMessageMetadata(channel, address, id))));
        topUp(channel, in.credit(), in.pool());
    }

    private void onAck(String id) {
        PendingAcks.Entry entry = pending.settle(id);
        if (entry == null) {
            LOG.debugf("Dealer(id=%s): ACK for message %s, already settled", identity, id);
            return;
        }
        entry.message.ack();
        entry.finished.run();
    }

    private void onNack(String channel, String id, Disposition disposition, String reason) {
        if (disposition == Disposition.TRANSIENT) {
            // kept: it goes again at ack-timeout (counted from its last send), like a message nobody acknowledged
            LOG.debugf("Dealer(id=%s): channel '%s' message %s refused for now by the receiver (sent again): %s",
                    identity, channel, id, reason);
            return;
        }
        PendingAcks.Entry entry = pending.settle(id);
        if (entry == null) {
            return;
        }
        LOG.warnf("Dealer(id=%s): channel '%s' message %s refused for good by the receiver (not resent): %s",
                identity, channel, id, reason);
        entry.message.nack(new RefusedByReceiverException(channel, id, reason));
        entry.finished.run();
    }

    private void topUp(String channel, DealerCredit credit, String pool) {
        if (!session.welcomed()) {
            return;
        }
        long extra = credit.topUp();
        if (extra <= 0) {
            return;
        }
        List<byte[]> grant = pool == null ? Frames.of(Command.CREDIT, channel, extra)
                : Frames.of(Command.CREDIT, channel, extra, pool);
        if (send(socket, grant)) {
            LOG.debugf("Dealer(id=%s): granted %d more on channel '%s'", identity, extra, channel);
        } else {
            credit.ungrant(extra);
        }
    }

    @Override
    protected boolean watchesConnections() {
        return true;
    }

    /**
     * ZeroMQ reconnects under the same routing id, so the router cannot tell that frames queued on the lost
     * connection are gone: a CREDIT among them would never be granted again and this dealer would wait for
     * messages it believes it asked for. A new session re-states the credit from scratch; messages handed to
     * the lost connection go again after the WELCOME rather than at ack-timeout, a resend like any other.
     */
    @Override
    protected void onDisconnected() {
        if (session.welcomed()) {
            LOG.infof("Dealer(id=%s): the connection to %s was lost; saying hello again to re-state credit",
                    identity, address);
        }
        session.forgotten();
        pending.all().forEach(entry -> entry.handedOver = false);
    }

    @Override
    protected void onTick(long now) {
        if (session.fellSilent(now)) {
            LOG.warnf("Dealer(id=%s): nothing heard from Router(instance=%s) at %s for %d ms; saying hello again",
                    identity, session.routerInstance(), address, session.silenceMillis(now));
        }
        if (session.helloDue(now)) {
            sayHello(now);
        }
        if (session.pingDue(now)) {
            send(socket, Frames.of(Command.PING, instanceId));
        }
        for (PendingAcks.Entry entry : pending.expire(now, deliveryTimeouts)) {
            String reason = "channel '" + entry.channel + "' message " + entry.id + " not acknowledged within "
                    + deliveryTimeouts.get(entry.channel) + " ms (delivery-timeout) by the router at " + address
                    + ", which " + (session.welcomed() ? "answers but did not acknowledge it" : "does not answer")
                    + "; given up, it may or may not have arrived";
            LOG.warnf("Dealer(id=%s): %s", identity, reason);
            entry.message.nack(new UndeliverableException(reason));
            entry.finished.run();
        }
        for (PendingAcks.Entry entry : pending.due(now, settings.ackTimeout().toMillis())) {
            LOG.debugf("Dealer(id=%s): resending channel '%s' message %s (no ACK within ack-timeout)", identity,
                    entry.channel, entry.id);
            transmit(entry);
        }
    }

    @Override
    protected void onStop() {
        if (address != null) {
            socket.setLinger(CLOSING_LINGER_MILLIS);
            send(socket, Frames.of(Command.BYE, instanceId));
        }
        for (PendingAcks.Entry entry : pending.drainAll()) {
            entry.message.nack(new IllegalStateException("transport closed before channel '" + entry.channel
                    + "' message " + entry.id + " was acknowledged; it may or may not have arrived"));
        }
        incoming.values().forEach(in -> in.stream().complete());
    }
}
